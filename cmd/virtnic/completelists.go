package main

import (
	"fmt"
	"strconv"
	"strings"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"

	"github.com/spf13/cobra"
)

// The listers: what each completion offers, read from one connection.

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
