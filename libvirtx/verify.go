package libvirtx

import (
	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// verify re-reads the config after a write: the NIC must be exactly the
// planned element (libvirt may add the PCI address it assigned), and what
// else differs from the read before the write is someone else's doing on the
// per-device path, since libvirt applied only our device; on the define
// path it is what libvirt changed while redefining, reported as such.
func (c *Conn) verify(dom *libvirt.Domain, p *Plan, t target, pre string, res *Result) {
	post, err := dom.GetXMLDesc(c.xmlFlags(libvirt.DOMAIN_XML_INACTIVE))
	if err != nil {
		res.Warnings = append(res.Warnings, "written, but virtnic could not re-read the config to check it: "+c.wrap("re-read domain "+p.Domain, err).Error())
		return
	}
	res.XML = post
	elems, err := model.InterfaceElements(post)
	if err != nil {
		res.Warnings = append(res.Warnings, "written, but the re-read config cannot be split: "+err.Error())
		return
	}
	before, after := t.idx, -1
	switch p.Op {
	case model.OpAdd:
		before = -1
		fallthrough
	case model.OpSet:
		after = nicWithMAC(elems, p.MAC, t.idx)
		if after < 0 {
			res.Warnings = append(res.Warnings, "libvirt reports no NIC with MAC "+p.MAC+" after the write: another writer changed it at the same moment")
			return
		}
		res.Index = after
		diff, err := nicDiff(p.Element, elems[after])
		switch {
		case err != nil:
			res.Warnings = append(res.Warnings, "cannot compare the written NIC with the plan: "+err.Error())
		case len(diff) > 0:
			for _, d := range diff {
				res.Warnings = append(res.Warnings, "libvirt now holds the NIC differently from the plan: "+d)
			}
		}
	case model.OpRemove:
		res.Index = -1
		if i := nicWithMAC(elems, p.OldMAC, t.idx); i >= 0 && Fingerprint(elems[i]) == p.Against.NIC {
			res.Warnings = append(res.Warnings, "libvirt still reports the removed NIC: another writer added it back")
		}
	}
	for _, line := range outsideDiff(pre, post, before, after) {
		if res.Path == PathDevice {
			res.Others = append(res.Others, line)
		} else {
			res.Warnings = append(res.Warnings, "outside the edited NIC, libvirt now reports: "+line)
		}
	}
}

// nicDiff is how the NIC libvirt holds differs in meaning from the planned
// element, forgiving the PCI address libvirt assigns to a NIC that had none.
func nicDiff(planned, actual string) ([]string, error) {
	pi, err := model.ParseInterface(planned)
	if err != nil {
		return nil, err
	}
	ai, err := model.ParseInterface(actual)
	if err != nil {
		return nil, err
	}
	if pi.Address == nil {
		ai.Address = nil
	}
	// Runtime-only elements some drivers keep in the inactive XML.
	ai.Target, ai.Alias = pi.Target, pi.Alias
	a, err := ai.Marshal()
	if err != nil {
		return nil, err
	}
	return model.SemanticDiff(planned, a)
}

// outsideDiff compares two domain XMLs with the edited interface taken out
// of each (-1: none), so the remainder must mean exactly the same.
func outsideDiff(before, after string, idxBefore, idxAfter int) []string {
	var err error
	if idxBefore >= 0 {
		if before, err = model.RemoveInterface(before, idxBefore); err != nil {
			return []string{err.Error()}
		}
	}
	if idxAfter >= 0 {
		if after, err = model.RemoveInterface(after, idxAfter); err != nil {
			return []string{err.Error()}
		}
	}
	diff, err := model.SemanticDiff(before, after)
	if err != nil {
		return []string{err.Error()}
	}
	return diff
}
