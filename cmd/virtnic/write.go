package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"virtnic/libvirtx"
	"virtnic/model"
)

// nicFlags are the edit flags shared by set and add.
type nicFlags struct {
	network, portgroup, bridge, direct string
	mode, model, mac, link             string
	virtualport                        string
	managerid, typeid, typeidversion   string
	instanceid, profileid, interfaceid string
	dryRun, printXML, asJSON, force    bool
	securityInfo, ifMissing            bool
	vlan                               vlanFlags
	host                               string // --host: the domain's host, with several -c
}

func (f *nicFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.network, "network", "", "connect to the libvirt virtual network NAME")
	fs.StringVar(&f.portgroup, "portgroup", "", "portgroup of the virtual network")
	fs.StringVar(&f.bridge, "bridge", "", "connect to the host bridge NAME")
	fs.StringVar(&f.direct, "direct", "", "macvtap on the host device DEV")
	fs.StringVar(&f.mode, "mode", "", "macvtap source mode: bridge, vepa, private or passthrough")
	fs.StringVar(&f.model, "model", "", "device model, e.g. virtio, e1000e, rtl8139")
	fs.StringVar(&f.mac, "mac", "", "MAC address, or 'random' for a new unique 52:54:00:xx:xx:xx")
	fs.StringVar(&f.link, "link", "", "link state: up or down")
	fs.StringVar(&f.virtualport, "virtualport", "", "virtual port type: none, 802.1Qbg, 802.1Qbh, openvswitch, midonet, or untyped (merged with the network's)")
	fs.StringVar(&f.managerid, "managerid", "", "802.1Qbg VSI manager ID, 1–255")
	fs.StringVar(&f.typeid, "typeid", "", "802.1Qbg VSI type ID, 0–16777215")
	fs.StringVar(&f.typeidversion, "typeidversion", "", "802.1Qbg VSI type version, 0–255")
	fs.StringVar(&f.instanceid, "instanceid", "", "802.1Qbg VSI instance ID (UUID; blank generates one)")
	fs.StringVar(&f.profileid, "profileid", "", "802.1Qbh or openvswitch port profile name")
	fs.StringVar(&f.interfaceid, "interfaceid", "", "openvswitch or midonet interface ID (UUID; blank generates one)")
	f.vlan.register(fs)
	fs.BoolVar(&f.force, "force", false, "use --direct DEV even if the host does not list it as a macvtap candidate (remote hosts may list only some)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the XML diff and what would apply live; write nothing")
	fs.BoolVar(&f.asJSON, "json", false, jsonFlagHelp)
	f.registerPrint(fs)
}

func (f *nicFlags) registerPrint(fs *pflag.FlagSet) {
	fs.BoolVar(&f.printXML, "print-xml", false, "after writing, print the whole persistent domain XML re-read from libvirt (without secrets)")
	fs.BoolVar(&f.securityInfo, "security-info", false, "with --print-xml: include secrets such as VNC/SPICE passwords")
}

// jsonFlagHelp: one --json for plans and results (docs/json.md).
const jsonFlagHelp = "print JSON: with --dry-run the plan (save it and run 'virtnic apply FILE' to write exactly it), else the result; errors as JSON on stderr"

// vpUntyped names a <virtualport> without a type on the command line.
const vpUntyped model.VPortType = "untyped"

// vportParams says which parameters belong to which virtual port type, so a
// flag for another type is refused instead of silently dropped.
var vportParams = map[model.VPortType][]string{
	vpUntyped:              {"managerid", "typeid", "typeidversion", "instanceid", "profileid", "interfaceid"},
	model.VPortQbg:         {"managerid", "typeid", "typeidversion", "instanceid"},
	model.VPortQbh:         {"profileid"},
	model.VPortOpenVSwitch: {"interfaceid", "profileid"},
	model.VPortMidonet:     {"interfaceid"},
}

var numRanges = map[string]string{"managerid": "1–255", "typeid": "0–16777215", "typeidversion": "0–255"}

// apply turns the flags into an edited copy of n. Only flags the user gave
// change anything: an untouched NIC field keeps its loaded value.
func (f *nicFlags) apply(fs *pflag.FlagSet, n model.NIC) (model.NIC, error) {
	if err := f.strict(fs); err != nil {
		return n, err
	}
	set := func(name string) bool { return fs.Changed(name) }
	sources := 0
	for _, s := range []string{"network", "bridge", "direct"} {
		if set(s) {
			sources++
		}
	}
	if sources > 1 {
		return n, usagef("--network, --bridge and --direct exclude each other: give one source")
	}
	wasDirect := n.Kind == model.KindDirect
	switch {
	case set("network"):
		n.Kind, n.Network, n.PortGroup, n.Bridge, n.Dev, n.Mode = model.KindNetwork, f.network, "", "", "", ""
	case set("bridge"):
		n.Kind, n.Bridge, n.Network, n.PortGroup, n.Dev, n.Mode = model.KindBridge, f.bridge, "", "", "", ""
	case set("direct"):
		keepMode := n.Mode
		n.Kind, n.Dev, n.Network, n.PortGroup, n.Bridge = model.KindDirect, f.direct, "", "", ""
		if !wasDirect {
			keepMode = "" // Normalize picks bridge for a NIC that just became macvtap
		}
		n.Mode = keepMode
	}
	if set("portgroup") {
		if n.Kind != model.KindNetwork {
			return n, usagef("--portgroup applies only to virtual network NICs (give --network NAME)")
		}
		n.PortGroup = f.portgroup
	}
	if set("mode") {
		if n.Kind != model.KindDirect {
			return n, usagef("--mode applies only to macvtap (direct) NICs: allowed with --direct DEV; modes bridge, vepa, private, passthrough")
		}
		n.Mode = model.Mode(f.mode)
	}
	if set("model") {
		n.Model = f.model
	}
	if set("mac") {
		n.MAC = f.mac
		if strings.EqualFold(f.mac, "random") {
			n.MAC = "random"
		}
	}
	if set("link") {
		if f.link != "up" && f.link != "down" {
			return n, usagef("--link %q: allowed up or down", f.link)
		}
		n.Link = f.link
	}
	n, err := f.applyVirtualPort(fs, n)
	if err != nil {
		return n, err
	}
	return f.vlan.apply(fs, n)
}

func (f *nicFlags) applyVirtualPort(fs *pflag.FlagSet, n model.NIC) (model.NIC, error) {
	var given []string
	for _, p := range vportParams[vpUntyped] {
		if fs.Changed(p) {
			given = append(given, p)
		}
	}
	vp, err := f.vportType(fs, n, given)
	if err != nil || vp == nil {
		if err == nil && fs.Changed("virtualport") {
			n.VirtualPort = nil
		}
		return n, err
	}
	kind := vp.Type
	if kind == model.VPortNone {
		kind = vpUntyped
	}
	allowed := vportParams[kind]
	for _, p := range given {
		if !contains(allowed, p) {
			return n, usagef("--%s does not apply to a %s virtual port (its fields: %s)", p, kind, strings.Join(allowed, ", "))
		}
	}
	for _, p := range given {
		if err := f.setParam(vp, p); err != nil {
			return n, err
		}
	}
	n.VirtualPort = vp
	return n, nil
}

// vportType is the virtual port the flags make of the NIC's: nil for none.
// Parameters of another type never carry over; an untyped port keeps its
// parameters and takes any.
func (f *nicFlags) vportType(fs *pflag.FlagSet, n model.NIC, given []string) (*model.VirtualPort, error) {
	var vp model.VirtualPort
	if n.VirtualPort != nil {
		vp = *n.VirtualPort
	}
	had := n.VirtualPort != nil
	if fs.Changed("virtualport") {
		t := model.VPortType(f.virtualport)
		switch {
		case f.virtualport == "none":
			if len(given) > 0 {
				return nil, usagef("--%s does not apply to --virtualport none", given[0])
			}
			return nil, nil
		case f.virtualport == string(vpUntyped):
			t = model.VPortNone
		default:
			if _, ok := vportParams[t]; !ok {
				return nil, usagef("--virtualport %q: allowed none, untyped, 802.1Qbg, 802.1Qbh, openvswitch, midonet", f.virtualport)
			}
		}
		if t != vp.Type || !had {
			vp = model.VirtualPort{Type: t}
		}
		return &vp, nil
	}
	if !had {
		if len(given) > 0 {
			return nil, usagef("--%s needs --virtualport TYPE: this NIC has no virtual port", given[0])
		}
		return nil, nil
	}
	return &vp, nil
}

func (f *nicFlags) setParam(vp *model.VirtualPort, p string) error {
	var err error
	switch p {
	case "managerid":
		vp.ManagerID, err = parseUintFlag(p, f.managerid)
	case "typeid":
		vp.TypeID, err = parseUintFlag(p, f.typeid)
	case "typeidversion":
		vp.TypeIDVersion, err = parseUintFlag(p, f.typeidversion)
	case "instanceid":
		vp.InstanceID = f.instanceid
	case "profileid":
		vp.ProfileID = f.profileid
	case "interfaceid":
		vp.InterfaceID = f.interfaceid
	}
	return err
}

// parseUintFlag accepts what virt-manager's int() did (decimal or 0x hex);
// range checks are the engine's, so the CLI and the TUI say the same thing.
func parseUintFlag(name, s string) (*uint, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 0, 64)
	if err != nil {
		return nil, &model.ValidationError{Problems: []model.Problem{{Field: name, Severity: model.SeverityError,
			Message: fmt.Sprintf("%s %q is not a whole number: allowed %s", name, s, numRanges[name])}}}
	}
	if v < 0 || v > 1<<32 {
		return nil, &model.ValidationError{Problems: []model.Problem{{Field: name, Severity: model.SeverityError,
			Message: fmt.Sprintf("%s %d is out of range: allowed %s", name, v, numRanges[name])}}}
	}
	u := uint(v)
	return &u, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// findNIC resolves the NIC argument: a MAC address or a 0-based index.
func findNIC(d *libvirtx.Domain, arg string) (int, error) {
	if i, err := strconv.Atoi(arg); err == nil {
		if i < 0 || i >= len(d.NICs) {
			return 0, usagef("NIC %d does not exist: %s has %d NIC(s), allowed index 0–%d or a MAC", i, d.Info.Name, len(d.NICs), len(d.NICs)-1)
		}
		return i, nil
	}
	mac, err := model.ParseMAC(arg)
	if err != nil {
		return 0, usagef("NIC %q is neither an index (0–%d) nor a MAC address", arg, len(d.NICs)-1)
	}
	var hits []string
	idx := -1
	for i, n := range d.NICs {
		if strings.EqualFold(n.MAC, mac) {
			hits = append(hits, strconv.Itoa(i))
			idx = i
		}
	}
	switch len(hits) {
	case 0:
		return 0, usagef("%s has no NIC with MAC %s", d.Info.Name, mac)
	case 1:
		return idx, nil
	}
	// A teaming failover pair shares its MAC by design; guessing which
	// one is meant would edit the wrong NIC.
	return 0, usagef("%s has %d NICs with MAC %s (indexes %s): name the NIC by its index", d.Info.Name, len(hits), mac, strings.Join(hits, ", "))
}
