package testdaemon

import (
	_ "embed"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"testing"
	"text/template"
)

//go:embed testdata/diskless.xml
var disklessTemplate string

var disklessTmpl = template.Must(template.New("diskless.xml").Funcs(template.FuncMap{"attr": xmlAttr}).Parse(disklessTemplate))

func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "'", "&#39;")
}

// VNCPassword is the VNC password in DisklessDomainXML, a secret that
// libvirt only shows with --security-info.
const VNCPassword = "s3cret"

// DisklessDomainXML returns a test fixture domain (testdata/diskless.xml): a
// 64 MiB diskless TCG guest (machine pc with ACPI, so PCI hotplug works; no video, no balloon, VNC on
// 127.0.0.1 with password s3cret, a <metadata> element in a foreign
// namespace) with one direct NIC on dev in mode (omitted when "") that has
// <rom enabled='no'/>. It starts in well under a second.
func DisklessDomainXML(name, mac, dev, mode string) string {
	var b strings.Builder
	err := disklessTmpl.Execute(&b, struct{ Name, MAC, Dev, Mode, VNCPassword string }{name, mac, dev, mode, VNCPassword})
	if err != nil {
		panic(err) // the template is embedded; an error is a bug
	}
	return b.String()
}

// DefineDomain defines a domain from xmlText (through a file and virsh
// define) and destroys and undefines it in t.Cleanup. It returns the
// domain's name as libvirt reports it.
func (d *Daemon) DefineDomain(t testing.TB, name, xmlText string) {
	t.Helper()
	if _, err := d.VirshXML(xmlText, "define"); err != nil {
		t.Fatalf("testdaemon: %v", err)
	}
	d.CleanupDomain(t, name)
}

// CleanupDomain destroys and undefines domain name in t.Cleanup (for
// domains a test defined some other way).
func (d *Daemon) CleanupDomain(t testing.TB, name string) {
	t.Cleanup(func() {
		if d.PID() == 0 {
			return // daemon gone; Stop kills what is left
		}
		d.removeDomain(name)
	})
}

// StartDomain runs virsh start name, failing the test with libvirtd's
// log tail when it does not start.
func (d *Daemon) StartDomain(t testing.TB, name string) {
	t.Helper()
	if _, err := d.Virsh("start", name); err != nil {
		t.Fatalf("testdaemon: %v\n%s", err, d.Log())
	}
}

// DefineNetwork defines (and, if start, starts) a libvirt network and
// removes it in t.Cleanup.
func (d *Daemon) DefineNetwork(t testing.TB, name, xmlText string, start bool) {
	t.Helper()
	if _, err := d.VirshXML(xmlText, "net-define"); err != nil {
		t.Fatalf("testdaemon: %v", err)
	}
	t.Cleanup(func() {
		if d.PID() == 0 {
			return
		}
		_, _ = d.Virsh("net-destroy", name)
		_, _ = d.Virsh("net-undefine", name)
	})
	if start {
		if _, err := d.Virsh("net-start", name); err != nil {
			t.Fatalf("testdaemon: %v\n%s", err, d.Log())
		}
	}
}

// MustVirsh is Virsh that fails the test on error.
func (d *Daemon) MustVirsh(t testing.TB, args ...string) string {
	t.Helper()
	out, err := d.Virsh(args...)
	if err != nil {
		t.Fatalf("testdaemon: %v", err)
	}
	return out
}

// MAC returns a locally administered test MAC 52:54:00:xx:yy:zz made of n.
func MAC(n int) string {
	return fmt.Sprintf("52:54:00:%02x:%02x:%02x", (n>>16)&0xff, (n>>8)&0xff, n&0xff)
}

// VirshXML writes xmlText to a file in the daemon directory and runs
// virsh args… FILE (e.g. VirshXML(x, "define"), VirshXML(x,
// "attach-device", "dom", "--live") puts the file after the args).
func (d *Daemon) VirshXML(xmlText string, args ...string) (string, error) {
	f, err := os.CreateTemp(d.dir, "x*.xml")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(xmlText); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	// virsh takes the file as the first positional argument after the
	// command for define/net-define/attach-device/update-device…
	full := append([]string{args[0]}, f.Name())
	full = append(full, args[1:]...)
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		// "attach-device dom FILE --flags": domain first.
		full = append([]string{args[0], args[1], f.Name()}, args[2:]...)
	}
	return d.Virsh(full...)
}
