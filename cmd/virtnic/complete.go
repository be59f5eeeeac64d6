package main

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/present"
)

// Shell completion asks libvirt, as virsh's does: domain names, the NICs of
// the domain already typed, networks, the portgroups of the network given,
// bridges and macvtap devices. Cobra parses the flags typed so far before it
// calls a completion function, so -c, -r and --demo are already in
// globalOpts. With several -c, domains are offered as HOST:DOMAIN from
// every host at once, and what depends on the domain's host (its NICs, the
// networks, bridges and devices there) comes from the host its HOST: prefix
// or --host names by -c value; host names are not asked.

// completeTimeout bounds how long TAB waits for libvirt: a host that does not
// answer must not hang the shell. The process ends right after, so the
// abandoned connection goes with it. A variable for the test of a host that
// never answers.
var completeTimeout = 5 * time.Second

const (
	noFiles = cobra.ShellCompDirectiveNoFileComp
	// compFailed offers nothing: the shell neither shows an error nor
	// falls back to file names, which would be wrong candidates.
	compFailed = cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
)

// lister reads the candidates for toComplete from an open connection.
type lister func(c *libvirtx.Conn, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, error)

// registerCompletions gives every argument and flag that names something its
// candidates.
func registerCompletions(root *cobra.Command, g *globalOpts) {
	for _, c := range root.Commands() {
		switch c.Name() {
		case "show", "add":
			c.ValidArgsFunction = g.positional(listDomains)
		case "set", "remove":
			c.ValidArgsFunction = g.positional(listDomains, listNICs)
		case "list", "sources":
			c.ValidArgsFunction = cobra.NoFileCompletions
		case "apply":
			c.ValidArgsFunction = planFile
		}
		registerFlagCompletions(c, g)
	}
	uris := fixed("qemu:///system", "the system's QEMU/KVM domains", "qemu:///session", "your own QEMU/KVM domains",
		"qemu+ssh://", "QEMU/KVM on another host: qemu+ssh://USER@HOST/system")
	must(root.RegisterFlagCompletionFunc("connect", func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		comps, d := uris(cmd, args, toComplete)
		return comps, d | cobra.ShellCompDirectiveNoSpace // a URI is typed on
	}))
	for _, c := range root.Commands() {
		if c.Flags().Lookup("host") != nil {
			must(c.RegisterFlagCompletionFunc("host", g.givenHosts))
		}
	}
}

// completionURIs undoes cobra's completion parsing the flags twice (once
// to count arguments): a repeatable flag's values arrive twice over.
func (g *globalOpts) completionURIs() {
	var uris []string
	seen := map[string]bool{}
	for _, u := range g.uris {
		if !seen[u] {
			uris = append(uris, u)
		}
		seen[u] = true
	}
	g.uris = uris
}

// givenHosts completes --host with the -c values typed.
func (g *globalOpts) givenHosts(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	g.completionURIs()
	var comps []cobra.Completion
	for _, u := range g.uris {
		comps = appendCandidate(comps, displayGiven(u), "a -c of this command line")
	}
	return withPrefix(comps, toComplete), noFiles
}

func registerFlagCompletions(c *cobra.Command, g *globalOpts) {
	models := []string{"virtio", "paravirtual, fastest (needs the guest's virtio driver)",
		"e1000e", "emulated Intel 82574", "e1000", "emulated Intel 82540EM", "rtl8139", "emulated Realtek 8139"}
	var noPortGroup []string
	if c.Name() == "set" { // none removes what a NIC has
		models = append(models, "none", "no model: the hypervisor chooses")
		noPortGroup = []string{"none", "no portgroup: the network's default applies"}
	}
	random := fixed("random", "a new unique one")
	byFlag := map[string]cobra.CompletionFunc{
		"network":     g.fromLibvirt(listNetworks),
		"portgroup":   g.fromLibvirt(listPortGroups(noPortGroup)),
		"bridge":      g.fromLibvirt(listBridges),
		"direct":      g.fromLibvirt(listDevices),
		"mode":        modeChoices(),
		"model":       fixed(models...),
		"link":        fixed("up", "the guest sees a cable plugged in", "down", "the guest sees the cable pulled"),
		"virtualport": vportChoices(),
		"mac":         random,
		"instanceid":  random,
		"interfaceid": random,
	}
	for _, p := range []string{"managerid", "typeid", "typeidversion", "profileid"} {
		byFlag[p] = cobra.NoFileCompletions
	}
	for name, f := range byFlag {
		if c.Flags().Lookup(name) != nil {
			must(c.RegisterFlagCompletionFunc(name, f))
		}
	}
}

// must panics on a registration that names no flag: a programming error
// every test run would hit at once.
func must(err error) {
	if err != nil {
		panic(err)
	}
}

// positional completes the n-th argument with the n-th lister, and nothing
// after the last.
func (g *globalOpts) positional(ls ...lister) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) >= len(ls) {
			return nil, noFiles
		}
		g.completionURIs()
		if len(args) == 0 && g.severalHosts() && hostFlagValue(cmd) == "" {
			return g.domainsAcross(toComplete)
		}
		return g.fromLibvirt(ls[len(args)])(cmd, args, toComplete)
	}
}

// planFile completes apply's FILE with file names, and nothing after it.
func planFile(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, noFiles
	}
	return nil, cobra.ShellCompDirectiveDefault
}

// fromLibvirt runs l on a connection of its own. Any failure offers
// nothing: libvirt's words would land in the middle of the user's command
// line. They go only to cobra's debug file ($BASH_COMP_DEBUG_FILE).
func (g *globalOpts) fromLibvirt(l lister) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		type answer struct {
			comps []cobra.Completion
			err   error
		}
		g.completionURIs()
		uri, args, ok := g.completionTarget(cmd, args)
		if !ok {
			cobra.CompDebugln("virtnic: several -c: the domain names no host by its -c value", false)
			return nil, compFailed
		}
		done := make(chan answer, 1)
		go func() {
			c, err := g.completionConn(uri)
			if err != nil {
				done <- answer{err: err}
				return
			}
			defer c.Close()
			comps, err := l(c, cmd, args, toComplete)
			done <- answer{comps, err}
		}()
		select {
		case a := <-done:
			if a.err != nil {
				cobra.CompDebugln("virtnic: "+present.Safe(a.err.Error()), false)
				return nil, compFailed
			}
			return withPrefix(a.comps, toComplete), noFiles
		case <-time.After(completeTimeout):
			cobra.CompDebugln(fmt.Sprintf("virtnic: libvirt did not answer within %v", completeTimeout), false)
			return nil, compFailed
		}
	}
}

// completionConn opens uri, always read-only: completion never writes,
// and the read-only socket is open to accounts the read-write one may
// refuse or ask polkit about.
func (g *globalOpts) completionConn(uri string) (*libvirtx.Conn, error) {
	if err := g.checkConnFlags(); err != nil {
		return nil, err
	}
	if g.demo {
		return libvirtx.OpenDemo(true)
	}
	if uri == "" {
		uri = os.Getenv("LIBVIRT_DEFAULT_URI")
	}
	return libvirtx.Open(noTTY(uri), true)
}

// completionTarget is the connection candidates come from and the
// arguments as that host sees them: the one -c, or the host the domain
// (args[0]) or --host names by its -c value, the HOST: prefix taken off.
// With several -c and no such host there is none.
func (g *globalOpts) completionTarget(cmd *cobra.Command, args []string) (string, []string, bool) {
	arg := ""
	if len(args) > 0 {
		arg = args[0]
	}
	a := parseDomainArg(arg, hostFlagValue(cmd), g.uris)
	switch {
	case a.host >= 0:
		out := append([]string(nil), args...)
		if len(out) > 0 {
			out[0] = a.name
		}
		return g.uris[a.host], out, true
	case g.severalHosts():
		return "", nil, false
	}
	return g.lastURI(), args, true
}

func hostFlagValue(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("host"); f != nil {
		return f.Value.String()
	}
	return ""
}

// domainsAcross offers every host's domains as HOST:DOMAIN, HOST as the
// -c value is shown. The hosts are asked at once; one that fails or does
// not answer within completeTimeout adds nothing.
func (g *globalOpts) domainsAcross(toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	type answer struct {
		i     int
		comps []cobra.Completion
	}
	done := make(chan answer, len(g.uris))
	for i, u := range g.uris {
		go func() {
			c, err := g.completionConn(u)
			if err != nil {
				cobra.CompDebugln("virtnic: "+present.Safe(err.Error()), false)
				done <- answer{i, nil}
				return
			}
			defer c.Close()
			comps, err := listDomains(c, nil, nil, "")
			if err != nil {
				cobra.CompDebugln("virtnic: "+present.Safe(err.Error()), false)
			}
			var out []cobra.Completion
			for _, comp := range comps {
				value, desc, _ := strings.Cut(comp, "\t")
				out = appendCandidate(out, displayGiven(u)+":"+value, desc)
			}
			done <- answer{i, out}
		}()
	}
	per := make([][]cobra.Completion, len(g.uris))
	timeout := time.After(completeTimeout)
	for range g.uris {
		select {
		case a := <-done:
			per[a.i] = a.comps
		case <-timeout:
			cobra.CompDebugln(fmt.Sprintf("virtnic: a host did not answer within %v", completeTimeout), false)
			return withPrefix(slices.Concat(per...), toComplete), noFiles
		}
	}
	return withPrefix(slices.Concat(per...), toComplete), noFiles
}

// noTTY adds libvirt's no_tty=1 to an ssh URI: ssh then fails instead of
// asking for a password or a host key in the middle of the command line
// being completed. Other URIs, aliases and "" pass unchanged.
func noTTY(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || !strings.HasSuffix(u.Scheme, "+ssh") {
		return uri
	}
	q := u.Query()
	if q.Has("no_tty") {
		return uri
	}
	if u.RawQuery != "" {
		u.RawQuery += "&"
	}
	u.RawQuery += "no_tty=1"
	return u.String()
}
