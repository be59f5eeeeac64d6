package hostnet

import (
	"fmt"
	"strings"

	"virtnic/model"
	"virtnic/present"
)

type rowKind int

const (
	rowHeading  rowKind = iota // a section title, never under the cursor
	rowItem                    // a device, bridge or network
	rowUser                    // a NIC on the item above
	rowConflict                // a conflict on the device above
	rowNote                    // "nothing here", "nothing matches"
)

// row is one line of the view as data; View formats only the visible ones.
type row struct {
	kind rowKind
	key  string // the row's identity across rebuilds, for the cursor
	name string // heading title, item name
	desc string // item description
	use  model.DeviceUse
	// mark is the worst conflict the NIC is in (marked false: none).
	mark   model.Severity
	marked bool
	// inNetwork: a user row under a network, whose source is the network.
	inNetwork bool
	conflict  model.Conflict
	// depth indents an item under the one above (a VF under its PF);
	// placedOn is the pool member a network NIC's guest got.
	depth    int
	placedOn string
}

func (r row) selectable() bool { return r.kind != rowHeading && r.kind != rowNote }

// item is a device, bridge or network with what is on it, prepared once per
// survey so a filter keystroke only compares strings.
type item struct {
	key, name, desc string
	lname           string // lower-cased name, for the filter
	users           []model.DeviceUse
	conflicts       []model.Conflict
	inNetwork       bool
	depth           int
	placed          map[string]string // useKey -> pool member
}

type section struct {
	title string
	empty string // what the section says when the host has none
	items []item
}

// sectionsOf groups a survey's usage the way the view lists it.
func sectionsOf(u model.HostUsage) []section {
	sriov, listed := sriovSection(u)
	offered := section{title: "Host devices (macvtap)", empty: "no host device can carry a macvtap NIC"}
	others := section{title: "Not offered for macvtap", empty: "every host device is offered"}
	for _, d := range u.Devices {
		if listed[d.Name] {
			continue
		}
		it := deviceItem(d)
		if d.Eligible {
			offered.items = append(offered.items, it)
		} else {
			others.items = append(others.items, it)
		}
	}
	bridges := section{title: "Host bridges", empty: "no host bridge"}
	for _, b := range u.Bridges {
		desc := "ports " + strings.Join(b.Ports, ", ")
		switch {
		case b.Note != "":
			desc = b.Note
		case len(b.Ports) == 0:
			desc = "no ports"
		}
		bridges.items = append(bridges.items, newItem("br:"+b.Name, b.Name, desc+count(len(b.Users)), b.Users, nil, false))
	}
	nets := section{title: "Virtual networks", empty: "no virtual network"}
	for _, n := range u.Networks {
		p, isPool := u.Pools[n.Name]
		desc := networkDesc(n)
		if isPool {
			desc = strings.Join(append([]string{desc}, poolDesc(p)...), " · ")
		}
		it := newItem("net:"+n.Name, n.Name, desc+count(len(n.Users)), n.Users, nil, true)
		if isPool {
			it.placed = placements(p)
		}
		nets.items = append(nets.items, it)
	}
	secs := []section{offered, others, bridges, nets}
	if len(u.SRIOV) > 0 {
		secs = append([]section{sriov}, secs...)
	}
	return secs
}

func newItem(key, name, desc string, users []model.DeviceUse, cs []model.Conflict, inNetwork bool) item {
	return item{key: key, name: name, desc: desc, lname: strings.ToLower(name), users: users, conflicts: cs, inNetwork: inNetwork}
}

func deviceItem(d model.DeviceUsage) item {
	var parts []string
	if d.Kind != model.IfaceUnknown {
		parts = append(parts, string(d.Kind))
	}
	if d.SpeedMbps > 0 {
		parts = append(parts, speed(d.SpeedMbps))
	}
	if !d.Eligible {
		parts = append(parts, d.Reason)
	}
	var holders []string
	for _, u := range d.UsedBy {
		if u.Mode == model.ModePassthrough && u.Network == "" {
			holders = append(holders, u.Domain)
		}
	}
	if len(holders) > 0 {
		parts = append(parts, "passed through to "+strings.Join(holders, ", "))
	}
	desc := strings.Join(parts, " · ") + count(len(d.UsedBy))
	return newItem("dev:"+d.Name, d.Name, desc, d.UsedBy, d.Conflicts, false)
}

func networkDesc(n model.NetworkUsage) string {
	if !n.Found {
		return "not found on host"
	}
	parts := []string{present.ForwardLabel(n.Forward)}
	if n.VirtualPortType == string(model.VPortOpenVSwitch) {
		parts[0] += " (OpenVSwitch)"
	}
	switch {
	case model.MacvtapNetwork(n.Network) && len(n.ForwardDevs) > 0:
		parts = append(parts, "macvtap on "+strings.Join(n.ForwardDevs, ", "))
	case n.Bridge != "":
		parts = append(parts, "bridge "+n.Bridge)
	}
	if !n.Active {
		parts = append(parts, "inactive")
	}
	return strings.Join(parts, " · ")
}

// count is " · 3 NICs", " · 1 NIC", " · no NIC".
func count(n int) string {
	switch n {
	case 0:
		return " · no NIC"
	case 1:
		return " · 1 NIC"
	}
	return fmt.Sprintf(" · %d NICs", n)
}

func speed(mbps int) string {
	if mbps >= 1000 && mbps%1000 == 0 {
		return fmt.Sprintf("%d Gb/s", mbps/1000)
	}
	return fmt.Sprintf("%d Mb/s", mbps)
}

// useKey identifies a NIC on an item.
func useKey(u model.DeviceUse) string {
	return fmt.Sprintf("%s/%d/%s", u.Domain, u.Index, u.Network)
}

// buildRows lays the sections out, filtered by q (lower case): an item
// whose name matches keeps all its NICs; otherwise it stays with only the
// NICs whose domain or network matches, and the conflicts they are in.
func buildRows(secs []section, q string) []row {
	var rows []row
	for _, s := range secs {
		start := len(rows)
		rows = append(rows, row{kind: rowHeading, key: "h:" + s.title, name: s.title})
		for _, it := range s.items {
			rows = appendItem(rows, it, q)
		}
		switch {
		case len(rows) == start+1 && q != "":
			rows = rows[:start] // nothing here matches: no heading either
		case len(rows) == start+1:
			rows = append(rows, row{kind: rowNote, key: "n:" + s.title, name: s.empty})
		}
	}
	if len(rows) == 0 {
		rows = append(rows, row{kind: rowNote, key: "none", name: "nothing matches the filter"})
	}
	return rows
}

func appendItem(rows []row, it item, q string) []row {
	all := q == "" || strings.Contains(it.lname, q)
	matches := func(u model.DeviceUse) bool {
		return all || strings.Contains(strings.ToLower(u.Domain), q) || strings.Contains(strings.ToLower(u.Network), q)
	}
	var users []model.DeviceUse
	for _, u := range it.users {
		if matches(u) {
			users = append(users, u)
		}
	}
	if !all && len(users) == 0 {
		return rows
	}
	marks := conflictMarks(it.conflicts)
	rows = append(rows, row{kind: rowItem, key: it.key, name: it.name, desc: it.desc, depth: it.depth})
	for _, u := range users {
		s, marked := marks[useKey(u)]
		rows = append(rows, row{kind: rowUser, key: it.key + "/" + useKey(u), use: u, mark: s, marked: marked,
			inNetwork: it.inNetwork, placedOn: it.placed[useKey(u)]})
	}
	for i, c := range it.conflicts {
		if all || anyMatch(c, matches) {
			rows = append(rows, row{kind: rowConflict, key: fmt.Sprintf("%s/c%d", it.key, i), conflict: c})
		}
	}
	return rows
}

// conflictMarks is the worst conflict each NIC is in (errors sort first).
func conflictMarks(cs []model.Conflict) map[string]model.Severity {
	marks := map[string]model.Severity{}
	for _, c := range cs {
		for _, u := range append(append([]model.DeviceUse{}, c.A...), c.B...) {
			if s, ok := marks[useKey(u)]; !ok || c.Severity < s {
				marks[useKey(u)] = c.Severity
			}
		}
	}
	return marks
}

func anyMatch(c model.Conflict, matches func(model.DeviceUse) bool) bool {
	for _, u := range append(append([]model.DeviceUse{}, c.A...), c.B...) {
		if matches(u) {
			return true
		}
	}
	return false
}
