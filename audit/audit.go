// Package audit checks every NIC of every domain on one or more hosts
// against the rules that break traffic between guests and hosts: duplicate
// MACs, shared passthrough devices, a PF passed through while its VFs serve
// others, macvtap modes that cannot talk, 802.1Qbg without a VLAN, virtual
// ports that do not suit the source, VLAN tags libvirt will not apply,
// sources that do not exist. It reads only host surveys (model.HostSurvey), so it is pure Go
// and the same for one host or many. One file per rule family.
package audit

import (
	"encoding/json"
	"sort"

	"virtnic/model"
)

// Severity orders findings: an error breaks or will break traffic, a
// warning may, info is worth knowing.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	return [...]string{"info", "warning", "error"}[s]
}

// MarshalJSON writes the word, which is what scripts compare.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Rule ids, stable: scripts filter on them.
const (
	RuleDupMAC           = "dup-mac"
	RuleDupMACAcross     = "dup-mac-across-hosts"
	RulePassthrough      = "passthrough-shared"
	RulePassthroughTwice = "passthrough-twice"
	RuleModeMix          = "mode-mix"
	RuleQbgVLAN          = "qbg-no-vlan"
	RuleVPortKind        = "virtualport-kind"
	RuleNetworkMissing   = "network-missing"
	RuleNetworkInactive  = "network-inactive"
	RulePortGroup        = "portgroup-missing"
	RuleDeviceMissing    = "device-missing"
	RuleBridgeMissing    = "bridge-missing"
	RuleVLAN             = "vlan-unsupported"
	RulePFPassthrough    = "pf-passthrough"
	RulePending          = "pending"
	RuleNotChecked       = "not-checked"
)

// Host is one connection's survey, named as the user gave it.
type Host struct {
	URI    string // the URI or alias as given, without credentials
	Name   string // libvirt's host name
	Survey *model.HostSurvey
}

// NICRef names the NIC a finding is about.
type NICRef struct {
	Index int    `json:"index"`
	MAC   string `json:"mac"`
}

// Finding is one broken rule on one NIC (or one host).
type Finding struct {
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	URI      string   `json:"uri"`
	Host     string   `json:"host"`
	Domain   string   `json:"domain"`
	NIC      *NICRef  `json:"nic"`
	Message  string   `json:"message"`
	// Fix is the virtnic command that fixes it, when one does.
	Fix string `json:"fix,omitempty"`
}

// Check applies every rule to every host, then the rules across hosts.
// Findings come sorted: host, domain, NIC, then the most severe first.
func Check(hosts []Host) []Finding {
	var out []Finding
	for _, h := range hosts {
		if h.Survey == nil {
			continue
		}
		c := &hostCheck{h: h, src: h.Survey.Sources()}
		c.macs()
		c.devices()
		c.pfs()
		c.sources()
		c.virtualPorts()
		c.vlans()
		c.pending()
		out = append(out, c.found...)
	}
	out = append(out, acrossHosts(hosts)...)
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func less(a, b Finding) bool {
	switch {
	case a.URI != b.URI:
		return a.URI < b.URI
	case a.Domain != b.Domain:
		return a.Domain < b.Domain
	case nicIndex(a) != nicIndex(b):
		return nicIndex(a) < nicIndex(b)
	case a.Severity != b.Severity:
		return a.Severity > b.Severity
	}
	return a.Rule < b.Rule
}

func nicIndex(f Finding) int {
	if f.NIC == nil {
		return -1
	}
	return f.NIC.Index
}

// Worst is the most severe finding's severity, and false when there is none.
func Worst(fs []Finding) (Severity, bool) {
	worst := Info
	for _, f := range fs {
		worst = max(worst, f.Severity)
	}
	return worst, len(fs) > 0
}

// hostCheck collects one host's findings; src is the host's sources with
// who uses each device, worked out once.
type hostCheck struct {
	h     Host
	src   model.Sources
	found []Finding
}

func (c *hostCheck) add(sev Severity, rule string, d model.DomainNICs, n *model.NICBrief, fix, msg string) {
	f := Finding{Severity: sev, Rule: rule, URI: c.h.URI, Host: c.h.Name, Domain: d.Name, Message: msg, Fix: fix}
	if n != nil {
		f.NIC = &NICRef{Index: n.Index, MAC: n.MAC}
	}
	c.found = append(c.found, f)
}

// each visits every configured NIC of the host.
func (c *hostCheck) each(visit func(d model.DomainNICs, n *model.NICBrief)) {
	for _, d := range c.h.Survey.Domains {
		for i := range d.NICs {
			visit(d, &d.NICs[i])
		}
	}
}
