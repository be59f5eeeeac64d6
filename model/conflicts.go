package model

import (
	"fmt"
	"strings"
)

// ConflictKind names one of the rules on the NICs sharing a host device.
type ConflictKind string

const (
	// ConflictPassthroughShared: a device is passed through to one guest
	// while another NIC uses it. Passthrough takes the whole device.
	ConflictPassthroughShared ConflictKind = "passthrough-shared"
	// ConflictPassthroughTwice: two NICs pass one device through; only one
	// of them can hold it at a time.
	ConflictPassthroughTwice ConflictKind = "passthrough-twice"
	// Both passthrough rules cover a VF a type='hostdev' NIC or a hostdev
	// network's NIC takes (Mode ModeHostdev): one guest per VF.

	// ConflictModeMix: macvtap NICs in different modes on one device, which
	// do not reach each other directly. Nothing fails, but traffic between
	// them takes a detour or none at all, which is rarely what was meant.
	ConflictModeMix ConflictKind = "mode-mix"
)

// Conflict is one rule broken on one device.
type Conflict struct {
	Kind   ConflictKind `json:"kind"`
	Device string       `json:"device"`
	// A and B are the NICs on each side: the holders and the others
	// (passthrough-shared), the holders alone (passthrough-twice), the NICs
	// of one mode and of the other (mode-mix).
	A []DeviceUse `json:"a"`
	B []DeviceUse `json:"b,omitempty"`
	// Certain is false when a NIC named reaches the device through a
	// network pool of several devices: libvirt may give it another one.
	Certain bool `json:"certain"`
	// Severity is an error for a certain passthrough conflict (the
	// configuration cannot run together), a warning otherwise.
	Severity Severity `json:"-"`
	Reason   string   `json:"reason"`
}

// The source document's reasons why macvtap modes do not talk directly.
const (
	whyVEPA    = "a VEPA end sends all its traffic out to the switch, which must send it back (hairpin)"
	whyPrivate = "private mode isolates guests on one device unless an external router sends the traffic back"
)

// DeviceConflicts applies every rule to the NICs on one device, as
// DeviceUses and HostDevice.UsedBy list them: passthrough twice, then each
// holder against the NICs sharing the device, then each pair of mixed modes.
func DeviceConflicts(dev string, uses []DeviceUse) []Conflict {
	var pt, shared []DeviceUse
	for _, u := range uses {
		if exclusiveMode(u.Mode) {
			pt = append(pt, u)
		} else {
			shared = append(shared, u)
		}
	}
	var out []Conflict
	if c, ok := passthroughTwice(dev, pt); ok {
		out = append(out, c)
	}
	for _, h := range pt {
		if len(shared) > 0 {
			out = append(out, passthroughShared(dev, h, shared))
		}
	}
	return append(out, modeMixes(dev, shared)...)
}

// poolChoice: the NIC may land on another device of its network's pool.
func poolChoice(u DeviceUse) bool { return u.Network != "" && u.Pool > 1 }

// passthroughTwice: every holder that clashes with another one. Two guests
// of one network whose pool has several devices do not clash: libvirt gives
// each its own member.
func passthroughTwice(dev string, pt []DeviceUse) (Conflict, bool) {
	var involved []DeviceUse
	for i, u := range pt {
		for j, v := range pt {
			if i != j && !(u.Network != "" && u.Network == v.Network && poolChoice(u)) {
				involved = append(involved, u)
				break
			}
		}
	}
	if len(involved) < 2 {
		return Conflict{}, false
	}
	c := newConflict(ConflictPassthroughTwice, dev, involved, nil)
	names := useNames(involved)
	verb := "both pass " + dev + " through"
	if len(names) > 2 {
		verb = "all pass " + dev + " through"
	}
	if !c.Certain {
		verb = "may " + verb
	}
	switch {
	case len(names) == 1:
		c.Reason = fmt.Sprintf("%s passes %s through on %d NICs: a device can be passed through only once", names[0], dev, len(involved))
	case oneDomain(involved) && !c.Certain:
		c.Reason = fmt.Sprintf("%s may get %s on %d NICs (%s): a device can be passed through only once", involved[0].Domain, dev, len(involved), andList(names))
	case oneDomain(involved):
		c.Reason = fmt.Sprintf("%s passes %s through on %d NICs (%s): a device can be passed through only once", involved[0].Domain, dev, len(involved), andList(names))
	default:
		c.Reason = fmt.Sprintf("%s %s: only one of them can run at a time", andList(names), verb)
	}
	c.Reason += runningNote(involved)
	return c, true
}

// oneDomain: every NIC named is of the same domain.
func oneDomain(us []DeviceUse) bool {
	for _, u := range us {
		if u.Domain != us[0].Domain {
			return false
		}
	}
	return true
}

func passthroughShared(dev string, h DeviceUse, others []DeviceUse) Conflict {
	c := newConflict(ConflictPassthroughShared, dev, []DeviceUse{h}, others)
	is := "is"
	if !c.Certain {
		is = "may be"
	}
	c.Reason = fmt.Sprintf("%s %s passed through to %s, so %s cannot use it at the same time",
		dev, is, useName(h), andList(useNames(others))) + runningNote(append([]DeviceUse{h}, others...))
	return c
}

// modeMixes: one conflict per pair of different macvtap modes on the
// device. Guests reach each other directly only when both ends are in
// bridge mode.
func modeMixes(dev string, shared []DeviceUse) []Conflict {
	order := []Mode{ModeBridge, ModeVEPA, ModePrivate}
	by := map[Mode][]DeviceUse{}
	for _, u := range shared {
		by[u.Mode] = append(by[u.Mode], u)
	}
	var out []Conflict
	for i, a := range order {
		for _, b := range order[i+1:] {
			if len(by[a]) == 0 || len(by[b]) == 0 {
				continue
			}
			// Name the mode that cuts the traffic first.
			x, y := by[b], by[a]
			c := newConflict(ConflictModeMix, dev, x, y)
			c.Severity = SeverityWarning
			pair := fmt.Sprintf("%s (%s) and %s (%s)", strings.Join(useNames(x), ", "), b, strings.Join(useNames(y), ", "), a)
			if b == ModePrivate {
				c.Reason = fmt.Sprintf("%s do not reach each other on %s: %s", pair, dev, whyPrivate)
			} else {
				c.Reason = fmt.Sprintf("%s reach each other on %s only through a hairpin-capable switch: %s", pair, dev, whyVEPA)
			}
			out = append(out, c)
		}
	}
	return out
}

func newConflict(k ConflictKind, dev string, a, b []DeviceUse) Conflict {
	c := Conflict{Kind: k, Device: dev, A: a, B: b, Certain: true, Severity: SeverityError}
	for _, u := range append(append([]DeviceUse{}, a...), b...) {
		if poolChoice(u) {
			c.Certain, c.Severity = false, SeverityWarning
		}
	}
	return c
}

// useName is a NIC's domain, with the network it comes through.
func useName(u DeviceUse) string {
	if u.Network != "" {
		return u.Domain + " via " + u.Network
	}
	return u.Domain
}

// useNames names each domain once, in order.
func useNames(us []DeviceUse) []string {
	var out []string
	seen := map[string]bool{}
	for _, u := range us {
		if n := useName(u); !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// andList is "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// runningNote says who of the NICs named runs now: with one running, the
// others cannot start; with none, they only cannot run together.
func runningNote(us []DeviceUse) string {
	var run []DeviceUse
	for _, u := range us {
		if u.Running {
			run = append(run, u)
		}
	}
	var names []string
	seen := map[string]bool{}
	for _, u := range run {
		if !seen[u.Domain] {
			seen[u.Domain] = true
			names = append(names, u.Domain)
		}
	}
	switch len(names) {
	case 0:
		return " (none of them is running now)"
	case 1:
		return " (" + names[0] + " is running)"
	}
	return " (" + andList(names) + " are running)"
}
