package main

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
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

func listDomains(c *libvirtx.Conn, _ *cobra.Command, _ []string, _ string) ([]cobra.Completion, error) {
	doms, err := c.DomainNames()
	if err != nil {
		return nil, err
	}
	var out []cobra.Completion
	for _, d := range doms {
		desc := "inactive"
		if d.ID >= 0 {
			desc = "ID " + strconv.Itoa(d.ID)
		}
		out = appendCandidate(out, d.Name, desc)
	}
	return out, nil
}

// listNICs offers the NIC indexes of the domain typed, with each NIC in
// brief; once something is typed, MACs too. A MAC two NICs share (a
// teaming pair) is not offered: set and remove refuse it.
func listNICs(c *libvirtx.Conn, _ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, error) {
	nics, err := c.DomainNICs(args[0])
	if err != nil {
		return nil, err
	}
	var out []cobra.Completion
	for _, n := range nics {
		out = appendCandidate(out, strconv.Itoa(n.Index), nicBrief(n, true))
	}
	if toComplete == "" {
		return out, nil
	}
	count := map[string]int{}
	for _, n := range nics {
		count[strings.ToLower(n.MAC)]++
	}
	for _, n := range nics {
		if n.MAC != "" && count[strings.ToLower(n.MAC)] == 1 {
			out = appendCandidate(out, n.MAC, fmt.Sprintf("NIC %d: %s", n.Index, nicBrief(n, false)))
		}
	}
	return out, nil
}

// nicBrief is a NIC in one line: "52:54:00:3a:10:01 network default, virtio".
func nicBrief(n model.NIC, withMAC bool) string {
	var parts []string
	if withMAC && n.MAC != "" {
		parts = append(parts, n.MAC)
	}
	if n.Kind != "" {
		parts = append(parts, string(n.Kind))
	}
	if src := n.Source(); src != "" {
		parts = append(parts, src)
	}
	s := strings.Join(parts, " ")
	if n.PortGroup != "" {
		s += " (portgroup " + n.PortGroup + ")"
	}
	if n.Model != "" {
		s += ", " + n.Model
	}
	if !n.Editable {
		s += ", read-only in virtnic"
	}
	return s
}

func listNetworks(c *libvirtx.Conn, _ *cobra.Command, _ []string, _ string) ([]cobra.Completion, error) {
	nets, err := c.NetworkNames()
	if err != nil {
		return nil, err
	}
	var out []cobra.Completion
	for _, n := range nets {
		out = appendCandidate(out, n.Name, map[bool]string{true: "active", false: "inactive"}[n.Active])
	}
	return out, nil
}

// listPortGroups offers the portgroups of --network, or, without it, of the
// network the NIC being set is on; extra are fixed candidates to add.
func listPortGroups(extra []string) lister {
	return func(c *libvirtx.Conn, cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, error) {
		network, err := portGroupNetwork(c, cmd, args)
		if err != nil || network == "" {
			return nil, err
		}
		n, ok, err := c.NetworkPortGroups(network)
		if err != nil || !ok {
			return nil, err
		}
		var out []cobra.Completion
		for _, pg := range n.PortGroups {
			desc := "portgroup of " + n.Name
			if pg == n.DefaultPortGroup {
				desc = "the default portgroup of " + n.Name
			}
			out = appendCandidate(out, pg, desc)
		}
		for i := 0; i+1 < len(extra); i += 2 {
			out = appendCandidate(out, extra[i], extra[i+1])
		}
		return out, nil
	}
}

// portGroupNetwork is the network whose portgroups --portgroup can take:
// --network's value, else that of the NIC named on a set command line.
func portGroupNetwork(c *libvirtx.Conn, cmd *cobra.Command, args []string) (string, error) {
	if f := cmd.Flags().Lookup("network"); f != nil && f.Changed {
		return f.Value.String(), nil
	}
	if cmd.Name() != "set" || len(args) < 2 {
		return "", nil
	}
	nics, err := c.DomainNICs(args[0])
	if err != nil {
		return "", err
	}
	for _, n := range nics {
		if strconv.Itoa(n.Index) == args[1] || n.MAC != "" && strings.EqualFold(n.MAC, args[1]) {
			if n.Kind == model.KindNetwork {
				return n.Network, nil
			}
			return "", nil
		}
	}
	return "", nil
}

func listBridges(c *libvirtx.Conn, _ *cobra.Command, _ []string, _ string) ([]cobra.Completion, error) {
	bridges, err := c.HostBridges()
	if err != nil {
		return nil, err
	}
	var out []cobra.Completion
	for _, b := range bridges {
		desc := "host bridge"
		if len(b.Ports) > 0 {
			desc += ", ports " + strings.Join(b.Ports, " ")
		}
		out = appendCandidate(out, b.Name, desc)
	}
	return out, nil
}

func listDevices(c *libvirtx.Conn, _ *cobra.Command, _ []string, _ string) ([]cobra.Completion, error) {
	devs, err := c.MacvtapDevices()
	if err != nil {
		return nil, err
	}
	var out []cobra.Completion
	for _, d := range devs {
		desc := "host device"
		if d.Kind != model.IfaceUnknown {
			desc = string(d.Kind)
		}
		if d.SpeedMbps > 0 {
			desc += fmt.Sprintf(", %d Mb/s", d.SpeedMbps)
		}
		out = appendCandidate(out, d.Name, desc)
	}
	return out, nil
}

func modeChoices() cobra.CompletionFunc {
	var pairs []string
	for _, m := range model.Modes {
		_, help, _ := strings.Cut(model.ModeHelp(m), ": ")
		pairs = append(pairs, string(m), help)
	}
	return fixed(pairs...)
}

func vportChoices() cobra.CompletionFunc {
	pairs := []string{"none", "no virtual port", string(vpUntyped), "no type: merged with the network's; takes any parameter"}
	for _, t := range model.VPortTypes {
		pairs = append(pairs, string(t), "parameters "+strings.Join(vportParams[t], ", "))
	}
	return fixed(pairs...)
}

// fixed completes from value, description pairs.
func fixed(pairs ...string) cobra.CompletionFunc {
	var comps []cobra.Completion
	for i := 0; i+1 < len(pairs); i += 2 {
		comps = appendCandidate(comps, pairs[i], pairs[i+1])
	}
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return withPrefix(comps, toComplete), noFiles
	}
}

// appendCandidate adds value with its description. A value a terminal
// would have to escape is left out: typed into the command line as escaped
// text it would name nothing, and raw it could act on the terminal. The
// description is shown only, so it is escaped.
func appendCandidate(out []cobra.Completion, value, desc string) []cobra.Completion {
	if value == "" || present.NeedsEscape(value) {
		return out
	}
	return append(out, cobra.CompletionWithDesc(value, present.Safe(desc)))
}

// withPrefix keeps the candidates that start with what is typed.
func withPrefix(comps []cobra.Completion, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, c := range comps {
		value, _, _ := strings.Cut(c, "\t")
		if strings.HasPrefix(value, prefix) {
			out = append(out, c)
		}
	}
	return out
}
