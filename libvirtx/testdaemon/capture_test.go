package testdaemon_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"

	"virtnic/libvirtx/testdaemon"
)

// TestCaptureRealXML writes real QEMU domain XML (live, --inactive and
// --inactive --security-info) to model/testdata/qemu/real-*.xml for the
// model's fidelity tests. It runs only with VIRTNIC_CAPTURE=1, by hand:
//
//	VIRTNIC_CAPTURE=1 go test -run TestCaptureRealXML ./libvirtx/testdaemon
func TestCaptureRealXML(t *testing.T) {
	if os.Getenv("VIRTNIC_CAPTURE") != "1" {
		t.Skip("set VIRTNIC_CAPTURE=1 to capture model/testdata/qemu/real-*.xml")
	}
	outDir := filepath.Join("..", "..", "model", "testdata", "qemu")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	d := testdaemon.Shared(t)
	directA, _ := testdaemon.Veth(t, "vncap")
	netA, _ := testdaemon.Veth(t, "vncap")
	passA, _ := testdaemon.Veth(t, "vncap")
	br := testdaemon.Bridge(t, "vnbr")

	const netName = "vncapnet"
	d.DefineNetwork(t, netName, fill(t, "capture-net.xml", map[string]string{"Name": netName, "Dev": netA}), true)

	vars := map[string]string{"Direct": directA, "Network": netName, "Bridge": br, "Passthrough": passA}
	save := func(file, domain string, args ...string) {
		t.Helper()
		out := d.MustVirsh(t, append(append([]string{"dumpxml"}, args...), domain)...)
		if err := os.WriteFile(filepath.Join(outDir, file), []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", file, len(out))
	}

	// Running: direct + network + bridge (no 802.1Qbg/Qbh: they hang libvirtd on a veth).
	vars["Name"] = "vncaprun"
	d.DefineDomain(t, "vncaprun", fill(t, "capture-running.xml", vars))
	d.StartDomain(t, "vncaprun")
	save("real-running-live.xml", "vncaprun")
	save("real-running-live-secure.xml", "vncaprun", "--security-info")
	save("real-running-inactive.xml", "vncaprun", "--inactive")
	save("real-running-inactive-secure.xml", "vncaprun", "--inactive", "--security-info")
	save("real-running-migratable.xml", "vncaprun", "--migratable")

	// Define only: every kind, every mode, every virtual port.
	vars["Name"] = "vncapall"
	d.DefineDomain(t, "vncapall", fill(t, "capture-allkinds.xml", vars))
	save("real-allkinds-inactive.xml", "vncapall", "--inactive")
	save("real-allkinds-inactive-secure.xml", "vncapall", "--inactive", "--security-info")

	// A diskless fixture domain as virtnic's scenario tests use it.
	d.DefineDomain(t, "vncapdl", testdaemon.DisklessDomainXML("vncapdl", "52:54:00:cc:00:01", directA, "vepa"))
	d.StartDomain(t, "vncapdl")
	save("real-diskless-live.xml", "vncapdl")
	save("real-diskless-inactive-secure.xml", "vncapdl", "--inactive", "--security-info")
}

func fill(t *testing.T, name string, vars map[string]string) string {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, vars); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
