package audit

import (
	"fmt"
	"strings"

	"virtnic/model"
)

// pending: a running guest whose NICs differ from its config (a change
// saved for the next shutdown, a NIC added or removed in the config only).
// Informational: it is what the admin asked for, but worth knowing before
// relying on either. Needs the survey's live NICs (read when asked).
func (c *hostCheck) pending() {
	for _, d := range c.h.Survey.Domains {
		if !d.Active || d.LiveNICs == nil {
			continue
		}
		live := map[string]model.NICBrief{}
		for _, n := range d.LiveNICs {
			live[strings.ToLower(n.MAC)] = n
		}
		inConfig := map[string]bool{}
		for i := range d.NICs {
			n := &d.NICs[i]
			inConfig[strings.ToLower(n.MAC)] = true
			l, ok := live[strings.ToLower(n.MAC)]
			if !ok {
				c.add(Info, RulePending, d, n, "", "in the config only: the guest gets this NIC at its next start")
				continue
			}
			if fields := differing(*n, l); len(fields) > 0 {
				c.add(Info, RulePending, d, n, "",
					fmt.Sprintf("%s differ between config and the running guest: the config takes effect after the next guest shutdown", strings.Join(fields, ", ")))
			}
		}
		for _, l := range d.LiveNICs {
			if !inConfig[strings.ToLower(l.MAC)] {
				c.add(Info, RulePending, d, &l, "",
					fmt.Sprintf("NIC %s is in the running guest but not in its config: it goes at the next shutdown", l.MAC))
			}
		}
	}
}

// differing names the fields a config brief and its live one disagree on.
// A network NIC's live side shows what the network resolved to (its
// bridge, its merged virtual port), so only its network and portgroup are
// compared.
func differing(cfg, live model.NICBrief) []string {
	var out []string
	if cfg.Kind != live.Kind {
		if cfg.Kind != model.KindNetwork {
			out = append(out, model.FieldSource)
		}
		return out
	}
	if cfg.Source() != live.Source() {
		out = append(out, model.FieldSource)
	}
	if cfg.Kind == model.KindDirect && modeOr(cfg.Mode) != modeOr(live.Mode) {
		out = append(out, model.FieldMode)
	}
	if cfg.PortGroup != live.PortGroup {
		out = append(out, model.FieldPortGroup)
	}
	if cfg.Kind != model.KindNetwork && cfg.VPortType != live.VPortType {
		out = append(out, model.FieldVirtualPort)
	}
	return out
}

func modeOr(m model.Mode) model.Mode {
	if m == "" {
		return model.ModeVEPA
	}
	return m
}
