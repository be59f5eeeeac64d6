package domainlist

import (
	"strings"

	"virtnic/model"
)

// The "/" filter finds a domain by its name and state and, once the host
// survey is read, by its NICs: a MAC, a source (network, bridge, device)
// and the host devices it reaches through a pool network or as a hostdev
// VF, so "eth1"
// lists every domain on eth1 the way the host network view shows them.
// Among several hosts it matches the host's label too, so "hv2" lists
// hv2's domains (and its row, when it has none).

// buildMatch fills match for the rows from the labels, names, states and
// terms.
func (m *Model) buildMatch() {
	m.match = make([]string, len(m.doms))
	for i, d := range m.doms {
		p := m.parts[m.rows[i].part]
		s := ""
		if m.multi() {
			s = strings.ToLower(p.ctx.HostName()) + "\x00"
			if m.rows[i].host {
				m.match[i] = s
				continue
			}
		}
		s += strings.ToLower(d.Name) + "\x00" + string(d.State)
		if t := p.terms[d.Name]; t != "" {
			s += "\x00" + t
		}
		m.match[i] = s
	}
}

// surveyed takes a host's new survey terms in, keeping the cursor on its
// row.
func (m *Model) surveyed(p *part) {
	p.terms = surveyTerms(p.ctx.Survey)
	m.merge(m.selectedKey())
}

// surveyTerms is, by domain, the lower-cased NUL-joined MACs and sources
// of its NICs and the devices of the macvtap networks they are on.
func surveyTerms(s *model.HostSurvey) map[string]string {
	if s == nil {
		return nil
	}
	terms := map[string][]string{}
	for _, d := range s.Domains {
		for _, n := range d.NICs {
			terms[d.Name] = append(terms[d.Name], n.MAC, n.Source())
		}
	}
	for dev, uses := range model.DeviceUses(s.Domains, s.Networks, &s.SRIOV) {
		for _, u := range uses {
			// A hostdev NIC's source is a PCI address; its VF's
			// interface finds it too.
			if u.Network != "" || u.Mode == model.ModeHostdev {
				terms[u.Domain] = append(terms[u.Domain], dev)
			}
		}
	}
	out := make(map[string]string, len(terms))
	for name, ts := range terms {
		out[name] = strings.ToLower(strings.Join(ts, "\x00"))
	}
	return out
}
