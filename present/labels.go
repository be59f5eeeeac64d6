package present

import (
	"fmt"
	"sort"
	"strings"

	"virtnic/model"
)

// The words both faces of virtnic use for the same things, so the CLI and
// the terminal UI never disagree (a network's forward mode was "nat" in one
// and "NAT" in the other).

// forwardNames are virt-manager's spellings of a network's forward mode.
var forwardNames = map[string]string{
	"nat": "NAT", "route": "Route", "open": "Open", "isolated": "Isolated", "": "Isolated",
	"bridge": "Bridge", "private": "Private", "vepa": "VEPA", "passthrough": "Passthrough", "hostdev": "Hostdev",
}

// ForwardLabel is a network forward mode as virt-manager shows it.
func ForwardLabel(mode string) string {
	if l, ok := forwardNames[mode]; ok {
		return l
	}
	return strings.ToUpper(mode[:1]) + mode[1:]
}

// NetworkLabel is a virtual network as a NIC source:
// "Virtual network 'default': NAT (inactive)".
func NetworkLabel(n model.Network) string {
	s := fmt.Sprintf("Virtual network '%s': %s", n.Name, ForwardLabel(n.Forward))
	if n.VirtualPortType == string(model.VPortOpenVSwitch) {
		s += " (OpenVSwitch)"
	}
	if !n.Active {
		s += " (inactive)"
	}
	return s
}

// SourceLabel names a NIC's source the way the picker lists it; net is the
// network when kind is network and the host knows it.
func SourceLabel(kind model.SourceKind, name string, net *model.Network) string {
	switch kind {
	case model.KindNetwork:
		if net != nil {
			return NetworkLabel(*net)
		}
		return fmt.Sprintf("Virtual network '%s'", name)
	case model.KindBridge:
		return "Bridge " + name
	case model.KindDirect:
		return "Host device " + name + ": macvtap"
	case "":
		return "unknown interface type"
	}
	if name != "" {
		return fmt.Sprintf("%s interface %s", kind, name)
	}
	return fmt.Sprintf("%s interface", kind)
}

// VirtualPortLabel is a virtual port in one line, "-" for none.
func VirtualPortLabel(vp *model.VirtualPort) string {
	if s := model.VirtualPortString(vp); s != "" {
		return s
	}
	if vp != nil && vp.Type == model.VPortNone {
		return "untyped"
	}
	return "-"
}

// OrNone shows an unset value.
func OrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// ChangeLine is one changed field: "mode: bridge → vepa".
func ChangeLine(c model.Change) string {
	return fmt.Sprintf("%s: %s → %s", c.Field, OrNone(c.Old), OrNone(c.New))
}

// LiveWords says in a few words what the running guest gets of a change.
func LiveWords(o model.LiveOutcome) string {
	switch o.Status {
	case model.LiveApplied:
		return "live now"
	case model.LiveAfterShutdown:
		return "after next guest shutdown"
	case model.LiveNotApplicable:
		return "config only"
	case model.LiveRequested:
		return "unplug requested"
	case model.LiveFailed:
		return "live change failed"
	}
	return string(o.Status)
}

// LiveText is LiveWords with the reason and libvirt's own words, for a
// line of its own.
func LiveText(o model.LiveOutcome) string {
	s := LiveWords(o)
	if o.Reason != "" {
		s += " (" + o.Reason + ")"
	}
	if o.Message != "" {
		s += "; libvirt: " + o.Message
	}
	return s
}

// OpPast is what a write did to the NIC.
func OpPast(op model.Op) string {
	switch op {
	case model.OpAdd:
		return "added"
	case model.OpRemove:
		return "removed"
	}
	return "saved"
}

// ReasonGroup is the fields that share one live outcome and reason.
type ReasonGroup struct {
	Words  string   // LiveWords of the outcome
	Fields []string // in change order
	Reason string   // the model's reason or libvirt's words, "" when none
}

// GroupReasons says each distinct outcome once with the fields it covers,
// instead of repeating one reason per field: "after next guest shutdown:
// source, mode, virtualport — QEMU cannot change …".
func GroupReasons(fs []model.FieldOutcome) []ReasonGroup {
	var out []ReasonGroup
	at := map[string]int{}
	for _, f := range fs {
		reason := f.Change.Reason
		if f.Live.Status == model.LiveFailed && f.Live.Message != "" {
			reason = "libvirt: " + f.Live.Message
		}
		if f.Live.Status == model.LiveApplied || f.Live.Status == model.LiveNotApplicable {
			reason = ""
		}
		k := string(f.Live.Status) + "\x00" + reason
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, ReasonGroup{Words: LiveWords(f.Live), Reason: reason})
		}
		out[i].Fields = append(out[i].Fields, f.Field)
	}
	return out
}

// String is the group on one line.
func (g ReasonGroup) String() string {
	s := g.Words + ": " + strings.Join(g.Fields, ", ")
	if g.Reason != "" {
		s += " — " + g.Reason
	}
	return s
}

// SortedKeys lists a map's keys in order, for stable output.
func SortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// NICSummary is a NIC's kind and source in a few words, for a list row:
// "macvtap eth1 private", "network default", "bridge br0".
func NICSummary(n model.NIC) string {
	switch n.Kind {
	case model.KindDirect:
		mode := n.Mode
		if mode == "" {
			mode = model.ModeVEPA
		}
		return "macvtap " + n.Dev + " " + string(mode)
	case model.KindNetwork:
		s := "network " + n.Network
		if n.PortGroup != "" {
			s += "/" + n.PortGroup
		}
		return s
	case model.KindBridge:
		return "bridge " + n.Bridge
	}
	return string(n.Kind)
}

// UseLabel is one user of a host device: "web01 (bridge)", or for a NIC
// that reaches it through a macvtap network "mail (bridge via macvtap-net)".
func UseLabel(u model.DeviceUse) string {
	mode := u.Mode
	if mode == "" {
		mode = model.ModeVEPA
	}
	if u.Network != "" {
		return fmt.Sprintf("%s (%s via %s)", u.Domain, mode, u.Network)
	}
	return fmt.Sprintf("%s (%s)", u.Domain, mode)
}

// Plural is "1 error", "3 errors", "no errors".
func Plural(n int, word string) string {
	switch n {
	case 0:
		return "no " + word + "s"
	case 1:
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
