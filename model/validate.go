package model

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// ProfileIDMaxLen is libvirt's limit on a port profile name: it is stored in
// a 40-byte C array (LIBVIRT_IFLA_VF_PORT_PROFILE_MAX) with its NUL.
const ProfileIDMaxLen = 39

// Ranges of the 802.1Qbg VSI parameters, as libvirt checks them
// (netdev_vport_profile_conf.c).
const (
	managerIDMax     = 255
	typeIDMax        = 1<<24 - 1
	typeIDVersionMax = 255
)

// ValidationError carries every problem of a rejected edit; the CLI exits 2
// on it. Warnings ride along for display but never cause one on their own.
type ValidationError struct {
	Problems []Problem
}

// Error lists each error-severity problem on its own line, so a CLI user sees
// everything to fix in one go.
func (e *ValidationError) Error() string {
	var lines []string
	for _, p := range e.Errors() {
		lines = append(lines, p.Message)
	}
	if len(lines) == 0 {
		return "invalid NIC settings"
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that block the write.
func (e *ValidationError) Errors() []Problem {
	var out []Problem
	for _, p := range e.Problems {
		if p.Severity == SeverityError {
			out = append(out, p)
		}
	}
	return out
}

// HasErrors reports whether any problem blocks the write.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// ModeHelp explains a macvtap mode in one line, after the source document.
func ModeHelp(m Mode) string {
	switch m {
	case ModeBridge:
		return "bridge: guests on this host in bridge mode reach each other directly; a VEPA-mode peer needs a hairpin-capable switch"
	case ModeVEPA:
		return "vepa: all guest traffic goes to the external switch, which must support hairpin mode for guests on this host to reach each other"
	case ModePrivate:
		return "private: guests on this host cannot reach each other unless an external router or gateway sends the traffic back"
	case ModePassthrough:
		return "passthrough: the whole device (or an SR-IOV VF) goes to this one guest; it cannot be shared, but migration still works"
	case "":
		return "default: libvirt uses vepa when no mode is set"
	}
	return ""
}

type problems []Problem

func (ps *problems) errorf(field, format string, a ...any) {
	*ps = append(*ps, Problem{Field: field, Severity: SeverityError, Message: fmt.Sprintf(format, a...)})
}

func (ps *problems) warnf(field, format string, a ...any) {
	*ps = append(*ps, Problem{Field: field, Severity: SeverityWarning, Message: fmt.Sprintf(format, a...)})
}

// Validate reports every problem of new at once, never only the first, so a
// form can mark all bad fields together. It changes nothing: blanks that
// libvirt or Normalize fill in are accepted.
//
// It validates the change, not the NIC: an error the NIC already had before
// the edit (old) is reported as a warning, so a link toggle is never refused
// over, say, a virtual port someone else paired wrongly long ago; an error
// the edit causes, in any field, stays an error. Rules that need the rest of
// the host run on what ctx holds (model.NeedsFor says what a change needs).
func Validate(old, new NIC, ctx Context) []Problem {
	now := check(new, ctx)
	if f, msg := hostdevChangeError(old, new); msg != "" {
		now = append(now, Problem{Field: f, Severity: SeverityError, Message: msg})
	}
	if old.Kind == "" {
		return now // a new NIC: nothing was there before
	}
	before := map[Problem]bool{}
	for _, p := range check(old, ctx) {
		before[p] = true
	}
	for i, p := range now {
		if p.Severity == SeverityError && before[p] {
			now[i].Severity = SeverityWarning
			now[i].Message += " (so already before this edit)"
		}
	}
	return now
}

// check runs every rule on one NIC.
func check(n NIC, ctx Context) []Problem {
	var ps problems
	validateSource(&ps, n)
	validateInput(&ps, n)
	validateDevice(&ps, n, ctx)
	validateNetwork(&ps, n, ctx)
	validateMAC(&ps, n, ctx)
	validateLink(&ps, n)
	validateVirtualPort(&ps, n, ctx)
	validatePassthrough(&ps, n, ctx)
	validateSRIOV(&ps, n, ctx)
	validateVLAN(&ps, n, ctx)
	validateMTU(&ps, n)
	return ps
}

func validateSource(ps *problems, n NIC) {
	switch n.Kind {
	case KindNetwork:
		if n.Network == "" {
			ps.errorf(FieldSource, "source is required: the name of a libvirt network")
		}
	case KindBridge:
		if n.Bridge == "" {
			ps.errorf(FieldSource, "source is required: the name of a host bridge")
		}
	case KindDirect:
		if n.Dev == "" {
			ps.errorf(FieldSource, "source is required: the host device for macvtap, e.g. eth0")
		}
		if n.Mode != "" && !validMode(n.Mode) {
			ps.errorf(FieldMode, "mode %q is not one of %s", string(n.Mode), modeList())
		}
	case KindHostdev:
		if n.HostdevPCI == "" {
			ps.errorf(FieldSource, "source is required: a hostdev NIC names the PCI address of its device (an SR-IOV VF)")
		}
	default:
		ps.errorf(FieldSource, "%s", notEditableKindReason(n.Kind))
	}
	if n.PortGroup != "" && n.Kind != KindNetwork {
		ps.errorf(FieldPortGroup, "portgroup %q needs a network source: bridge and direct NICs have no portgroups", n.PortGroup)
	}
}

// validateNetwork checks a network source and portgroup against the
// networks the context read (nil: not read).
func validateNetwork(ps *problems, n NIC, ctx Context) {
	if ctx.Networks == nil || n.Kind != KindNetwork || n.Network == "" {
		return
	}
	net, ok := ctx.Networks[n.Network]
	if !ok {
		ps.errorf(FieldSource, "network %q does not exist on this connection", n.Network)
		return
	}
	if n.PortGroup != "" && !strIn(net.PortGroups, n.PortGroup) {
		if len(net.PortGroups) == 0 {
			ps.errorf(FieldPortGroup, "portgroup %q does not exist: network %s has no portgroups", n.PortGroup, n.Network)
		} else {
			ps.errorf(FieldPortGroup, "portgroup %q does not exist in network %s: allowed %s", n.PortGroup, n.Network, strings.Join(net.PortGroups, ", "))
		}
	}
}

func validMode(m Mode) bool {
	for _, v := range Modes {
		if m == v {
			return true
		}
	}
	return false
}

func modeList() string {
	s := make([]string, len(Modes))
	for i, m := range Modes {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

func vportTypeList() string {
	s := make([]string, len(VPortTypes))
	for i, t := range VPortTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func validateMAC(ps *problems, new NIC, ctx Context) {
	if new.MAC == "" {
		return // libvirt generates one; Normalize normally already has
	}
	m, err := ParseMAC(new.MAC)
	if err != nil {
		ps.errorf(FieldMAC, "%s", err.Error())
		return
	}
	if macIsMulticast(m) {
		ps.errorf(FieldMAC, "mac %s is a multicast address: a NIC needs a unicast one", m)
	}
	if m == "00:00:00:00:00:00" {
		ps.errorf(FieldMAC, "mac %s is all zeros: a NIC needs a real unicast address", m)
	}
	for _, u := range ctx.MACsInUse[m] {
		if u.Domain == ctx.Domain && u.Index == new.Index {
			continue
		}
		ps.errorf(FieldMAC, "mac %s is already used by NIC %d of domain %s", m, u.Index, u.Domain)
	}
}

func validateLink(ps *problems, n NIC) {
	switch n.Link {
	case "", "up", "down":
	default:
		ps.errorf(FieldLink, "link %q is not up or down", n.Link)
	}
}

func validateVirtualPort(ps *problems, n NIC, ctx Context) {
	vp := n.VirtualPort
	if vp == nil {
		return
	}
	switch vp.Type {
	case VPortNone:
		// Typeless: libvirt merges it with the network's virtualport, so
		// nothing is required, but what is set must still be in range.
		checkVSI(ps, vp, false, "")
		checkUUID(ps, FieldInstanceID, vp.InstanceID)
		checkUUID(ps, FieldInterfaceID, vp.InterfaceID)
		checkProfileLen(ps, vp.ProfileID)
	case VPortQbg:
		checkVSIPairing(ps, n, ctx, "802.1Qbg")
		checkVSI(ps, vp, true, "802.1Qbg")
		checkUUID(ps, FieldInstanceID, vp.InstanceID)
		if n.Kind == KindDirect && n.Dev != "" && ctx.Hosts != nil {
			checkQbgVLAN(ps, n.Dev, ctx)
		}
	case VPortQbh:
		checkVSIPairing(ps, n, ctx, "802.1Qbh")
		if vp.ProfileID == "" {
			ps.errorf(FieldProfileID, "profileid is required for 802.1Qbh (1–%d characters)", ProfileIDMaxLen)
		}
		checkProfileLen(ps, vp.ProfileID)
	case VPortOpenVSwitch, VPortMidonet:
		if n.Kind != KindBridge && n.Kind != KindNetwork {
			ps.errorf(FieldVirtualPort, "virtualport %s pairs only with a bridge or network source, not %s", string(vp.Type), kindName(n.Kind))
		}
		if vp.Type == VPortOpenVSwitch {
			// Blank is fine: libvirt generates the interfaceid for Open vSwitch.
			checkUUID(ps, FieldInterfaceID, vp.InterfaceID)
			checkProfileLen(ps, vp.ProfileID)
		} else if vp.InterfaceID == "" {
			// libvirt does not generate this one ("missing interfaceid in
			// <virtualport type='midonet'>"); Normalize does.
			ps.errorf(FieldInterfaceID, "interfaceid is required for midonet (a UUID; blank generates one when saved)")
		} else {
			checkUUID(ps, FieldInterfaceID, vp.InterfaceID)
		}
	default:
		ps.errorf(FieldVirtualPort, "virtualport type %q is not one of %s", string(vp.Type), vportTypeList())
	}
}

// checkVSIPairing: 802.1Qbg and 802.1Qbh describe a port on an external
// switch reached through macvtap, so they pair with a direct NIC, or with a
// network NIC whose network is a macvtap pool (forward mode vepa, private,
// passthrough, or bridge over host devices) — libvirt's own portgroup
// tests do that. A network the context did not read is given the benefit.
func checkVSIPairing(ps *problems, n NIC, ctx Context, typ string) {
	switch n.Kind {
	case KindDirect, KindHostdev:
		// libvirt documents 802.1Qbh on a hostdev VF; the switch port
		// profile then applies to the VF.
		return
	case KindNetwork:
		net, known := ctx.Networks[n.Network]
		if !known || MacvtapNetwork(net) {
			return
		}
		ps.errorf(FieldVirtualPort, "virtualport %s pairs only with a direct (macvtap) source or a macvtap network; network %s forwards in mode %s", typ, n.Network, net.Forward)
		return
	}
	ps.errorf(FieldVirtualPort, "virtualport %s pairs only with a direct (macvtap) source, not %s", typ, kindName(n.Kind))
}

// MacvtapNetwork reports whether a network hands its guests macvtap
// devices on host interfaces rather than a bridge port.
func MacvtapNetwork(n Network) bool {
	switch n.Forward {
	case "vepa", "private", "passthrough":
		return true
	case "bridge":
		return n.Bridge == "" && (len(n.ForwardDevs) > 0 || n.ForwardPF != "")
	}
	return false
}

func kindName(k SourceKind) string {
	if k == "" {
		return "an unknown interface type"
	}
	return "a " + string(k) + " one"
}

// checkVSI checks the three 802.1Qbg numbers; required is true for 802.1Qbg
// itself, where libvirt refuses a missing one.
func checkVSI(ps *problems, vp *VirtualPort, required bool, typ string) {
	check := func(field string, v *uint, min, max uint, note string) {
		rng := fmt.Sprintf("allowed %d–%d%s", min, max, note)
		switch {
		case v == nil:
			if required {
				ps.errorf(field, "%s is required for %s (%s)", field, typ, rng)
			}
		case *v < min || *v > max:
			ps.errorf(field, "%s %d is out of range: %s", field, *v, rng)
		}
	}
	check(FieldManagerID, vp.ManagerID, 1, managerIDMax, " (0 is reserved)")
	check(FieldTypeID, vp.TypeID, 0, typeIDMax, "")
	check(FieldTypeIDVersion, vp.TypeIDVersion, 0, typeIDVersionMax, "")
}

// checkUUID accepts blank (libvirt or Normalize generates one) and the two
// spellings both libvirt and virtnic read: dashed 8-4-4-4-12 or 32 hex digits.
func checkUUID(ps *problems, field, v string) {
	if v == "" {
		return
	}
	if len(v) == 36 || len(v) == 32 {
		if _, err := uuid.Parse(v); err == nil {
			return
		}
	}
	ps.errorf(field, "%s %q is not a UUID (blank generates one)", field, v)
}

func checkProfileLen(ps *problems, p string) {
	if len(p) <= ProfileIDMaxLen {
		return
	}
	unit := "characters"
	if utf8.RuneCountInString(p) != len(p) {
		unit = "bytes"
	}
	ps.errorf(FieldProfileID, "profileid is %d %s: allowed at most %d (libvirt's limit)", len(p), unit, ProfileIDMaxLen)
}

// checkQbgVLAN warns only: the switch, not libvirt, enforces the VLAN, and
// the host may not report its interfaces (remote hosts, node devices only).
func checkQbgVLAN(ps *problems, dev string, ctx Context) {
	h, ok := ctx.Hosts[dev]
	switch {
	case !ok || h.Kind == IfaceUnknown:
		ps.warnf(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: %s is not known to be a VLAN interface (use one like eth0.2)", dev)
	case h.Kind != IfaceVLAN:
		ps.warnf(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: %s is not a VLAN interface but %s (use one like eth0.2)", dev, string(h.Kind))
	case h.VLANID == 0:
		ps.warnf(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: %s has VLAN ID 0", dev)
	}
}

// validatePassthrough enforces the source document's rule that a passed-
// through device serves one guest: both a new passthrough NIC on a shared
// device and any NIC on a device already passed through. A running holder
// makes it an error (the start would fail now); a stopped one a warning.
//
// A NIC that reaches the device through a macvtap or passthrough network
// only warns, whatever its state: the network hands each guest a pool
// member when the guest starts, and which member a running guest holds is
// the network's live state, which the survey does not read. So a pool
// device counts as shared, not taken, and libvirt itself refuses the start
// that would really find it busy.
func validatePassthrough(ps *problems, n NIC, ctx Context) {
	if n.Kind != KindDirect || n.Dev == "" {
		return
	}
	for _, u := range ctx.DeviceUse[n.Dev] {
		if u.Domain == ctx.Domain {
			continue
		}
		msg := passthroughClash(n, u)
		switch {
		case msg == "":
		case u.Network != "" && u.Running:
			ps.warnf(FieldSource, "%s (%s is running on a device libvirt picked from the network's pool; libvirt refuses any start that finds the device taken)", msg, u.Domain)
		case u.Network != "":
			ps.warnf(FieldSource, "%s (libvirt picks %s's device from the network's pool when it starts, and refuses a start that finds it taken)", msg, u.Domain)
		case u.Running:
			ps.errorf(FieldSource, "%s (%s is running)", msg, u.Domain)
		default:
			ps.warnf(FieldSource, "%s (%s is not running now, but both cannot run at once)", msg, u.Domain)
		}
	}
}

// passthroughClash says why n and u cannot share n's device, "" when they can.
func passthroughClash(n NIC, u DeviceUse) string {
	via := ""
	if u.Network != "" {
		via = " through network " + u.Network
	}
	switch {
	case n.Mode == ModePassthrough:
		return fmt.Sprintf("source %s is also used by domain %s (NIC %d%s, mode %s): passthrough takes the whole device, so it cannot be shared", n.Dev, u.Domain, u.Index, via, modeOrDefault(u.Mode))
	case u.Mode == ModePassthrough:
		return fmt.Sprintf("source %s is passed through to domain %s (NIC %d%s): passthrough takes the whole device, so no other NIC can use it", n.Dev, u.Domain, u.Index, via)
	case u.Mode == ModeHostdev:
		return fmt.Sprintf("source %s is an SR-IOV VF given whole to domain %s (NIC %d%s, type hostdev): a VF serves one guest, so no other NIC can use it", n.Dev, u.Domain, u.Index, via)
	}
	return ""
}

func modeOrDefault(m Mode) string {
	if m == "" {
		return "vepa (default)"
	}
	return string(m)
}
