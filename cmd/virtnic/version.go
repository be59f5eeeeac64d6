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
	// Every -c, in parallel, over read-only connections: asking costs
	// nothing a read-only account may not do, and -r or not, --version
	// never writes.
	if err := g.checkConnFlags(); err != nil {
		fmt.Fprintf(w, "libvirt daemon: not reached: %v\n", err)
		return
	}
	hs := g.openHosts(g.connectURIs(), true)
	defer closeHosts(hs)
	dvs := make([]libvirtx.DaemonVersion, len(hs))
	eachHost(hs, func(i int, h *hostConn) (err error) {
		dvs[i], err = h.c.DaemonVersion()
		return err
	})
	for i, h := range hs {
		if h.err != nil {
			g.log.Printf("version: daemon not reached: %v", h.err)
			fmt.Fprintf(w, "libvirt daemon: not reached: %v\n", h.err)
			continue
		}
		dv := dvs[i]
		hv := ""
		if dv.Hypervisor != 0 {
			hv = " " + dv.Hypervisor.String()
		}
		fmt.Fprintf(w, "libvirt daemon %s, hypervisor %s%s, at %s\n", dv.Libvirt, dv.Driver, hv, connLabel(g, h))
	}
}

// connLabel names the connection the way the user gave it (libvirt's
// resolved URI when they gave none), a password in it masked.
func connLabel(g *globalOpts, h *hostConn) string {
	if g.demo {
		return "the demo host"
	}
	uri := h.given
	if uri == "" {
		uri = h.c.URI()
	}
	if u, err := url.Parse(uri); err == nil {
		return u.Redacted()
	}
	return uri
}
