package audit

import (
	"fmt"
	"sort"
	"strings"

	"virtnic/model"
)

// macs: two NICs of one host with one MAC. On one host they share the
// host's bridges and networks, so frames go to the wrong guest; an error.
// Each NIC after the first (by domain name) gets the finding and the fix.
func (c *hostCheck) macs() {
	type holder struct {
		d model.DomainNICs
		n *model.NICBrief
	}
	by := map[string][]holder{}
	c.each(func(d model.DomainNICs, n *model.NICBrief) {
		if n.MAC != "" {
			by[strings.ToLower(n.MAC)] = append(by[strings.ToLower(n.MAC)], holder{d, n})
		}
	})
	for mac, hs := range by {
		if len(hs) < 2 {
			continue
		}
		first := hs[0]
		for _, h := range hs[1:] {
			c.add(Error, RuleDupMAC, h.d, h.n, setCmd(c.h, h.d.Name, h.n.Index, "--mac random"),
				fmt.Sprintf("MAC %s is also NIC %d of %s on this host: frames for one reach the other", mac, first.n.Index, first.d.Name))
		}
	}
}

// acrossHosts: one MAC on two hosts is a warning, not an error: the hosts
// may sit on different L2 segments, where it does no harm, but a migration
// or a shared VLAN makes it the same collision.
func acrossHosts(hosts []Host) []Finding {
	type where struct {
		h     Host
		dom   string
		index int
	}
	by := map[string][]where{}
	for _, h := range hosts {
		if h.Survey == nil {
			continue
		}
		seen := map[string]bool{}
		for _, d := range h.Survey.Domains {
			for _, n := range d.NICs {
				mac := strings.ToLower(n.MAC)
				if mac == "" || seen[mac] {
					continue // a repeat within the host is dup-mac's
				}
				seen[mac] = true
				by[mac] = append(by[mac], where{h, d.Name, n.Index})
			}
		}
	}
	var out []Finding
	macs := make([]string, 0, len(by))
	for mac := range by {
		macs = append(macs, mac)
	}
	sort.Strings(macs)
	for _, mac := range macs {
		ws := by[mac]
		for i, w := range ws {
			if i == 0 || sameHost(ws[0].h, w.h) {
				continue
			}
			out = append(out, Finding{
				Severity: Warning, Rule: RuleDupMACAcross, URI: w.h.URI, Host: w.h.Name, Domain: w.dom,
				NIC:     &NICRef{Index: w.index, MAC: mac},
				Message: fmt.Sprintf("MAC %s is also NIC %d of %s on %s: a collision if both hosts share an L2 segment", mac, ws[0].index, ws[0].dom, hostName(ws[0].h)),
				Fix:     setCmd(w.h, w.dom, w.index, "--mac random"),
			})
		}
	}
	return out
}

func sameHost(a, b Host) bool { return a.URI == b.URI }

func hostName(h Host) string {
	if h.Name != "" && h.Name != h.URI {
		return h.URI + " (" + h.Name + ")"
	}
	return h.URI
}

// setCmd is the virtnic command that applies flags to one NIC.
func setCmd(h Host, dom string, index int, flags string) string {
	conn := ""
	if h.URI != "" {
		conn = "-c " + shellWord(h.URI) + " "
	}
	return fmt.Sprintf("virtnic %sset %s %d %s", conn, shellWord(dom), index, flags)
}

// shellWord quotes s for a POSIX shell when it needs it, so the fix can be
// pasted as it is.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/+@=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
