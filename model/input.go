package model

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits on what virtnic writes, from Linux and libvirt's schema.
const (
	// IfNameMax is Linux's limit on an interface name (IFNAMSIZ 16 with
	// its NUL).
	IfNameMax = 15
	// ModelMax bounds a device model name: libvirt's schema sets none, but
	// every model QEMU knows is far shorter, and a megabyte of letters is a
	// mistake, not a model.
	ModelMax = 64
)

// modelPattern is libvirt's schema for <model type>.
var modelPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// checkIfName applies Linux's rules for an interface name (dev_valid_name):
// 1–15 bytes, not "." or "..", no '/', ':' or whitespace.
func checkIfName(ps *problems, what, name string) {
	switch {
	case name == "":
		return // "source is required" is validateSource's
	case len(name) > IfNameMax:
		ps.errorf(FieldSource, "%s %q is %d bytes: a Linux interface name has 1–%d", what, shorten(name), len(name), IfNameMax)
	case name == "." || name == "..":
		ps.errorf(FieldSource, "%s %q is not an interface name", what, name)
	case strings.ContainsAny(name, "/: \t\n\v\f\r"):
		ps.errorf(FieldSource, "%s %q is not a Linux interface name: no '/', ':' or whitespace allowed", what, shorten(name))
	}
}

func checkModel(ps *problems, m string) {
	switch {
	case m == "":
	case len(m) > ModelMax:
		ps.errorf(FieldModel, "model is %d characters: allowed 1–%d of A–Z, a–z, 0–9, '-' and '_'", len(m), ModelMax)
	case !modelPattern.MatchString(m):
		ps.errorf(FieldModel, "model %q is not a device model: allowed A–Z, a–z, 0–9, '-' and '_' (e.g. virtio, e1000e)", shorten(m))
	}
}

// checkControl refuses control characters (C0, DEL, C1) in a value virtnic
// would write: libvirt keeps them, and they reach every terminal that shows
// the domain later.
func checkControl(ps *problems, field, v string) {
	for i, r := range v {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r == utf8.RuneError && !utf8.ValidString(v[i:i+1])) {
			ps.errorf(field, "%s contains control character U+%04X at byte %d: not allowed", field, r, i)
			return
		}
	}
}

// controlFields are the NIC's strings a user types.
func controlFields(n NIC) map[string]string {
	m := map[string]string{
		FieldSource: n.Source(), FieldPortGroup: n.PortGroup, FieldModel: n.Model, FieldMAC: n.MAC,
	}
	if vp := n.VirtualPort; vp != nil {
		m[FieldInstanceID], m[FieldProfileID], m[FieldInterfaceID] = vp.InstanceID, vp.ProfileID, vp.InterfaceID
	}
	return m
}

func validateInput(ps *problems, n NIC) {
	for _, f := range []string{FieldSource, FieldPortGroup, FieldModel, FieldMAC, FieldInstanceID, FieldProfileID, FieldInterfaceID} {
		checkControl(ps, f, controlFields(n)[f])
	}
	switch n.Kind {
	case KindBridge:
		checkIfName(ps, "bridge", n.Bridge)
	case KindDirect:
		checkIfName(ps, "host device", n.Dev)
	}
	checkModel(ps, n.Model)
}

// validateDevice checks a direct NIC's device against the host interfaces
// the context read (nil: not read, e.g. a host that lists none). A device
// the host does not offer is an error unless the user insists
// (ctx.AllowUnlistedDevice): a remote host may list only some devices.
func validateDevice(ps *problems, n NIC, ctx Context) {
	if n.Kind != KindDirect || n.Dev == "" || ctx.Devices == nil {
		return
	}
	var eligible []string
	var found *HostDevice
	for i, d := range ctx.Devices {
		if d.Eligible {
			eligible = append(eligible, d.Name)
		}
		if d.Name == n.Dev {
			found = &ctx.Devices[i]
		}
	}
	var msg string
	switch {
	case found == nil:
		msg = fmt.Sprintf("source %s is not among this host's interfaces", n.Dev)
	case !found.Eligible:
		msg = fmt.Sprintf("source %s is not offered for macvtap: %s", n.Dev, found.Reason)
	default:
		return
	}
	msg += "; eligible: " + orNoneList(eligible)
	if ctx.AllowUnlistedDevice {
		ps.warnf(FieldSource, "%s (used anyway, as asked)", msg)
		return
	}
	ps.errorf(FieldSource, "%s (a remote host may list only some: use it anyway with --force, or type it as a device name in the terminal UI)", msg)
}

func orNoneList(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// shorten keeps messages readable when a value is huge.
func shorten(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:37] + "..."
}
