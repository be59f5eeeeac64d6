package main

import (
	"fmt"
	"io"
	"net/url"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
)

// version is virtnic's own version when the build sets it, as the Makefile
// does: go build -ldflags "-X main.version=$(git describe --always --dirty)".
// Without it the Go toolchain's build info has one (see virtnicVersion).
var version string

// virtnicVersion is the -X version, else the module version go build
// stamps from the VCS (a tag, or a pseudo-version), else the commit.
func virtnicVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		// go run, go test, or a build outside a checkout.
		return "devel"
	}
	rev = rev[:min(len(rev), 12)]
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// addVersionFlag gives root a --version flag: it prints virtnic's, the
// libvirt library's and, when the global flags' connection opens, the
// daemon's versions, then exits 0 whether or not the daemon was reached.
func addVersionFlag(root *cobra.Command, g *globalOpts, stdout io.Writer) {
	var show bool
	root.Flags().BoolVarP(&show, "version", "v", false,
		"print the versions of virtnic, of the libvirt library and, when -c or --demo connects, of the daemon")
	next := root.RunE
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if !show {
			return next(cmd, args)
		}
		printVersions(g, stdout)
		return nil
	}
}

func printVersions(g *globalOpts, w io.Writer) {
	fmt.Fprintf(w, "virtnic %s (%s, %s/%s)\n", virtnicVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	built := libvirtx.BuiltAgainstVersion()
	if lib, err := libvirtx.LibraryVersion(); err != nil {
		fmt.Fprintf(w, "libvirt library: unknown (%v); virtnic built against %s\n", err, built)
	} else {
		fmt.Fprintf(w, "libvirt library %s (virtnic built against %s)\n", lib, built)
	}
	dv, where, err := daemonVersion(g)
	if err != nil {
		g.log.Printf("version: daemon not reached: %v", err)
		fmt.Fprintf(w, "libvirt daemon: not reached: %v\n", err)
		return
	}
	hv := ""
	if dv.Hypervisor != 0 {
		hv = " " + dv.Hypervisor.String()
	}
	fmt.Fprintf(w, "libvirt daemon %s, hypervisor %s%s, at %s\n", dv.Libvirt, dv.Driver, hv, where)
}

// daemonVersion reads the daemon's versions over a read-only connection:
// asking costs nothing a read-only account may not do, and -r or not,
// --version never writes.
func daemonVersion(g *globalOpts) (dv libvirtx.DaemonVersion, where string, err error) {
	ro := *g
	ro.readOnly = true
	c, err := ro.connect()
	if err != nil {
		return dv, "", err
	}
	defer c.Close()
	dv, err = c.DaemonVersion()
	return dv, connLabel(g, c), err
}

// connLabel names the connection the way the user gave it (libvirt's
// resolved URI when they gave none), a password in it masked.
func connLabel(g *globalOpts, c *libvirtx.Conn) string {
	if g.demo {
		return "the demo host"
	}
	uri := g.uri
	if uri == "" {
		uri = c.URI()
	}
	if u, err := url.Parse(uri); err == nil {
		return u.Redacted()
	}
	return uri
}
