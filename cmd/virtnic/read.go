package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
)

// writeJSON prints v with every character a terminal could act on escaped.
func writeJSON(w io.Writer, v any) error { return present.EncodeJSON(w, v) }

// jsonVirtualPort carries only the parameters of its type, so scripts see
// exactly the fields libvirt would format.
func jsonVirtualPort(vp *model.VirtualPort) any {
	if vp == nil {
		return nil
	}
	m := map[string]any{"type": string(vp.Type)}
	switch vp.Type {
	case model.VPortNone:
		// A typeless <virtualport> (libvirt merges it with the network's)
		// carries whichever parameters it has.
		m["type"] = "untyped"
		for k, v := range map[string]*uint{"managerid": vp.ManagerID, "typeid": vp.TypeID, "typeidversion": vp.TypeIDVersion} {
			if v != nil {
				m[k] = *v
			}
		}
		for k, v := range map[string]string{"instanceid": vp.InstanceID, "profileid": vp.ProfileID, "interfaceid": vp.InterfaceID} {
			if v != "" {
				m[k] = v
			}
		}
	case model.VPortQbg:
		m["managerid"], m["typeid"], m["typeidversion"] = vp.ManagerID, vp.TypeID, vp.TypeIDVersion
		m["instanceid"] = vp.InstanceID
	case model.VPortQbh:
		m["profileid"] = vp.ProfileID
	case model.VPortOpenVSwitch:
		m["interfaceid"], m["profileid"] = vp.InterfaceID, vp.ProfileID
	case model.VPortMidonet:
		m["interfaceid"] = vp.InterfaceID
	}
	return m
}

type jsonNIC struct {
	Index       int            `json:"index"`
	MAC         string         `json:"mac"`
	Type        string         `json:"type"`
	Source      string         `json:"source"`
	Mode        *string        `json:"mode"`
	PortGroup   *string        `json:"portgroup"`
	Model       *string        `json:"model"`
	Link        string         `json:"link"`
	Target      *string        `json:"target"`
	VirtualPort any            `json:"virtualport"`
	VLAN        *jsonVLAN      `json:"vlan"`
	MTU         *uint          `json:"mtu"`
	Bandwidth   *jsonBandwidth `json:"bandwidth"`
	Pending     []string       `json:"pending"`
	Editable    bool           `json:"editable"`
	Note        string         `json:"note,omitempty"`
	// Hostdev is null but for a type='hostdev' NIC.
	Hostdev *jsonHostdev `json:"hostdev"`
	// A running guest's side (runtime.go): its IP addresses as libvirt
	// knows them, and the backend device's counters; empty and null when
	// the domain is not running.
	Addresses []string           `json:"addresses"`
	Stats     *model.NetCounters `json:"stats"`
}

type jsonDomain struct {
	Schema     int               `json:"schema"`
	Domain     string            `json:"domain"`
	UUID       string            `json:"uuid"`
	State      model.DomainState `json:"state"`
	Persistent bool              `json:"persistent"`
	NICs       []jsonNIC         `json:"nics"`
	// AddressesFrom is the address source that answered (lease, agent,
	// arp), "" when none did or the domain is not running.
	AddressesFrom string `json:"addresses_from"`
	// URI is the connection as given, Host libvirt's host name (list.go).
	URI  string `json:"uri"`
	Host string `json:"host"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toJSONNIC(n model.NIC) jsonNIC {
	j := jsonNIC{
		Index: n.Index, MAC: n.MAC, Type: string(n.Kind), Source: n.Source(),
		PortGroup: strOrNil(n.PortGroup), Model: strOrNil(n.Model), Link: n.Link,
		Target: strOrNil(n.Target), VirtualPort: jsonVirtualPort(n.VirtualPort),
		VLAN: toJSONVLAN(n.VLAN), MTU: mtuOrNil(n.MTU), Bandwidth: toJSONBandwidth(n.Bandwidth),
		Pending: n.Pending, Editable: n.Editable, Note: n.NotEditableReason,
	}
	if n.Kind == model.KindDirect {
		mode := n.Mode
		if mode == "" {
			mode = model.ModeVEPA // libvirt's default when the XML names none
		}
		j.Mode = strOrNil(string(mode))
	}
	if j.Link == "" {
		j.Link = "up"
	}
	if j.Pending == nil {
		j.Pending = []string{}
	}
	j.Addresses = []string{}
	return j
}

func newShowCmd(g *globalOpts, stdout io.Writer) *cobra.Command {
	var asJSON bool
	var host string
	cmd := &cobra.Command{
		Use:   "show DOMAIN",
		Short: "Show a domain's network interfaces (config, with live differences)",
		Args:  exactArgs(1, "DOMAIN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withDomain(args[0], host, asJSON, func(h *hostConn, d *libvirtx.Domain) error {
				c := h.c
				out := jsonDomain{Schema: resultSchema, Domain: d.Info.Name, UUID: d.Info.UUID, State: d.Info.State, Persistent: d.Info.Persistent, NICs: []jsonNIC{},
					URI: c.Display(), Host: h.hostname}
				sr := hostdevSRIOV(c, d.NICs)
				for _, n := range d.NICs {
					j := toJSONNIC(n)
					j.Hostdev = toJSONHostdev(n, sr)
					out.NICs = append(out.NICs, j)
				}
				addRuntime(c, d, &out)
				if asJSON {
					return writeJSON(stdout, out)
				}
				if g.severalHosts() {
					hostHeading(stdout, h, true)
				}
				return printDomain(stdout, out, d.NICs)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	hostFlag(cmd, &host)
	return cmd
}

// hostFlag gives a command that takes a DOMAIN (or writes a plan) --host.
func hostFlag(cmd *cobra.Command, host *string) {
	cmd.Flags().StringVar(host, "host", "", "with several -c: the host of the domain, as its -c value or libvirt's host name (DOMAIN is then the whole name)")
}

func printDomain(w io.Writer, d jsonDomain, nics []model.NIC) error {
	fmt.Fprintf(w, "%s (%s, %s%s)\n", d.Domain, d.UUID, d.State, map[bool]string{false: ", transient"}[d.Persistent])
	if len(d.NICs) == 0 {
		fmt.Fprintln(w, "  no network interfaces")
	}
	tw := present.NewTable(w, "  ")
	tw.Row("#", "MAC", "TYPE", "SOURCE", "MODE", "MODEL", "LINK", "TARGET", "VIRTUAL PORT", "VLAN", "MTU", "PENDING")
	for i, n := range d.NICs {
		tw.Row(fmt.Sprint(n.Index), n.MAC, n.Type, sourceLabel(n), deref(n.Mode), deref(n.Model), n.Link,
			deref(n.Target), present.VirtualPortLabel(nics[i].VirtualPort), present.VLANLabel(nics[i].VLAN),
			present.MTULabel(nics[i].MTU), strings.Join(n.Pending, ","))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	printBandwidth(w, nics)
	for _, n := range d.NICs {
		if !n.Editable && n.Note != "" {
			fmt.Fprintf(w, "  NIC %d is read-only in virtnic: %s\n", n.Index, n.Note)
		}
	}
	printRuntime(w, d)
	return nil
}

func sourceLabel(n jsonNIC) string {
	if n.Hostdev != nil && n.Hostdev.VF != nil {
		return n.Source + " (" + n.Hostdev.VF.label() + ")"
	}
	if n.PortGroup != nil {
		return n.Source + " (portgroup " + *n.PortGroup + ")"
	}
	return n.Source
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

type jsonDevice struct {
	Name     string            `json:"name"`
	Eligible bool              `json:"eligible"`
	Reason   string            `json:"reason"`
	UsedBy   []model.DeviceUse `json:"used_by"`
	// SRIOV is null for a device that is neither an SR-IOV PF nor a VF.
	SRIOV *jsonDeviceSRIOV `json:"sriov"`
}

type jsonSources struct {
	Schema   int            `json:"schema"`
	Networks []jsonNetwork  `json:"networks"`
	Bridges  []model.Bridge `json:"bridges"`
	Devices  []jsonDevice   `json:"devices"`
	SRIOV    []jsonPF       `json:"sriov"`
	URI      string         `json:"uri"`
	Host     string         `json:"host"`
	pools    map[string]model.PoolUsage
	pfs      []model.PFUsage
}

func newSourcesCmd(g *globalOpts, stdout, stderr io.Writer) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List what a NIC can connect to: virtual networks, host bridges, macvtap host devices, SR-IOV VFs",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withHosts(func(hs []*hostConn) error {
				outs := make([]jsonSources, len(hs))
				warnings := make([][]string, len(hs))
				eachHost(hs, func(i int, h *hostConn) error {
					var src model.Sources
					err := h.withName(asJSON, func() (err error) {
						src, warnings[i], err = h.c.Sources()
						return err
					})
					outs[i] = toJSONSources(src)
					outs[i].URI, outs[i].Host = h.c.Display(), h.hostname
					return err
				})
				if !anyOK(hs) {
					return nil
				}
				return printAllSources(stdout, stderr, hs, outs, warnings, asJSON, g.severalHosts())
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// printAllSources prints the sources of every host that answered: one
// host as it always was, several as a JSON array or text under a heading
// per host. Warnings go to stderr, named by host when there are several.
func printAllSources(stdout, stderr io.Writer, hs []*hostConn, outs []jsonSources, warnings [][]string, asJSON, several bool) error {
	var all []jsonSources
	for i, h := range hs {
		if !h.ok() {
			continue
		}
		for _, w := range warnings[i] {
			if several {
				w = h.label() + ": " + w
			}
			fmt.Fprintln(stderr, "virtnic: warning:", w)
		}
		all = append(all, outs[i])
	}
	switch {
	case asJSON && several:
		return writeJSON(stdout, all)
	case asJSON:
		return writeJSON(stdout, all[0])
	}
	first := true
	for i, h := range hs {
		if !h.ok() {
			continue
		}
		if several {
			hostHeading(stdout, h, first)
		}
		first = false
		if err := printSources(stdout, outs[i]); err != nil {
			return err
		}
	}
	return nil
}

// toJSONSources is the shape `sources --json` prints: every list present
// (empty, never null) and each network's pool null unless it has one.
func toJSONSources(src model.Sources) jsonSources {
	out := jsonSources{Schema: resultSchema, Networks: []jsonNetwork{}, Bridges: src.Bridges, Devices: []jsonDevice{},
		SRIOV: toJSONSRIOV(src.SRIOV), pools: src.Pools, pfs: src.SRIOV}
	if out.Bridges == nil {
		out.Bridges = []model.Bridge{}
	}
	for _, n := range src.Networks {
		jn := toJSONNetwork(n)
		if p, ok := src.Pools[n.Name]; ok {
			jn.Pool = toJSONPool(p)
		}
		out.Networks = append(out.Networks, jn)
	}
	for _, d := range src.Devices {
		jd := jsonDevice{Name: d.Name, Eligible: d.Eligible, Reason: d.Reason, UsedBy: d.UsedBy, SRIOV: deviceSRIOV(d.Name, src.SRIOV)}
		if jd.UsedBy == nil {
			jd.UsedBy = []model.DeviceUse{}
		}
		out.Devices = append(out.Devices, jd)
	}
	return out
}

func printSources(w io.Writer, s jsonSources) error {
	fmt.Fprintln(w, "Virtual networks:")
	for _, n := range s.Networks {
		pg := ""
		if len(n.PortGroups) > 0 {
			labels := make([]string, len(n.PortGroups))
			for i, name := range n.PortGroups {
				labels[i] = present.PortGroupLabel(n.Network, name)
			}
			pg = "  portgroups: " + strings.Join(labels, ", ")
		}
		p, isPool := s.pools[n.Name]
		var pool *model.PoolUsage
		if isPool {
			pool = &p
		}
		fmt.Fprintf(w, "  %s%s\n", present.NetworkSourceLabel(n.Network, pool), pg)
		if isPool {
			printPool(w, p)
		}
	}
	fmt.Fprintln(w, "Bridges:")
	for _, b := range s.Bridges {
		fmt.Fprintf(w, "  %s\n", present.SourceLabel(model.KindBridge, b.Name, nil))
	}
	fmt.Fprintln(w, "Host devices (macvtap):")
	for _, d := range s.Devices {
		if !d.Eligible {
			continue
		}
		fmt.Fprintf(w, "  %s%s%s\n", present.SourceLabel(model.KindDirect, d.Name, nil), sriovNote(d, s.pfs), usedByLabel(d.UsedBy))
	}
	fmt.Fprintln(w, "Not offered:")
	for _, d := range s.Devices {
		if d.Eligible {
			continue
		}
		fmt.Fprintf(w, "  %s: %s\n", d.Name, d.Reason)
	}
	printSRIOV(w, s.pfs)
	return nil
}

func usedByLabel(us []model.DeviceUse) string {
	if len(us) == 0 {
		return ""
	}
	var parts []string
	for _, u := range us {
		parts = append(parts, present.UseLabel(u))
	}
	return "  used by " + strings.Join(parts, ", ")
}

// exactArgs is cobra.ExactArgs with a message that names the arguments and
// counts as a usage error.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s needs %s (got %d argument(s))", cmd.CommandPath(), names, len(args))
		}
		return nil
	}
}
