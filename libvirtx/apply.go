package libvirtx

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// target is the NIC a plan acts on, as found in the XML read just before
// the write.
type target struct {
	idx  int    // its index there (add: the index it will take)
	elem string // its element there ("" for add)
	old  model.NIC
	new  model.NIC // what the plan writes (set, add)
}

// Apply writes exactly the plan, or refuses with nothing written when what
// it was planned against changed (ErrConcurrentEdit) or the change would now
// break a rule (a *model.ValidationError). The persistent config goes
// through libvirt's per-device call where the driver has one, so changes
// anyone made elsewhere in the domain survive; the define fallback splices
// the planned element into the XML read just before. Then the running guest
// gets the fields it can take live.
func (c *Conn) Apply(p *Plan) (*Result, error) {
	if err := checkPlan(p); err != nil {
		return nil, err
	}
	if err := c.ensureOpen(string(p.Op) + " NIC"); err != nil {
		return nil, err
	}
	res := &Result{Plan: p, Path: p.Path, Index: p.Index, Warnings: append([]string(nil), p.Warnings...)}
	if p.Empty() {
		return res, nil
	}
	unlock := lockDomain(p.UUID)
	defer unlock()
	dom, err := c.lookupUUID(p.UUID)
	if err != nil {
		return nil, err
	}
	defer dom.Free()
	pre, err := dom.GetXMLDesc(c.xmlFlags(libvirt.DOMAIN_XML_INACTIVE))
	if err != nil {
		return nil, c.wrap("read domain "+p.Domain, err)
	}
	t, err := findTarget(p, pre)
	if err != nil {
		return nil, err
	}
	if err := c.recheck(p, t); err != nil {
		return nil, err
	}
	if Fingerprint(pre) != p.Against.Domain {
		res.Others = append(res.Others, "the domain's configuration changed elsewhere since the plan was made; those changes are kept")
	}
	landed, err := c.writeConfig(dom, p, t, pre, res)
	if err != nil {
		return nil, err
	}
	if landed == landedAfterReconnect {
		res.Verified = "after reconnect"
		res.Live = LiveOutcome{Status: LiveNotApplicable, Reason: "the connection dropped during the write: the running guest was not changed"}
		for _, ch := range p.Changes {
			res.Fields = append(res.Fields, FieldOutcome{Change: ch.Change, Live: res.Live})
		}
		return res, nil
	}
	c.verify(dom, p, t, pre, res)
	c.applyLive(dom, p, t, res)
	return res, nil
}

// checkPlan refuses what no planner makes: a plan file is input like any
// other, and a hand-edited one must not reach libvirt half-understood.
func checkPlan(p *Plan) error {
	switch {
	case p == nil:
		return errors.New("no plan")
	case p.Schema != PlanSchema:
		return fmt.Errorf("plan schema %d: this virtnic applies schema %d", p.Schema, PlanSchema)
	case !p.Op.Valid():
		return fmt.Errorf("plan op %q: allowed set, add, remove", p.Op)
	case uuid.Validate(p.UUID) != nil:
		return fmt.Errorf("plan domain UUID %q is not a UUID", p.UUID)
	case p.Op == model.OpRemove && p.Element != "":
		return errors.New("a remove plan carries no element")
	case p.Op != model.OpRemove && !p.Empty() && p.Element == "":
		return errors.New("the plan carries no <interface> element")
	case p.Path != PathDevice && p.Path != PathDefine && !p.Empty():
		return fmt.Errorf("plan path %q: allowed %s, %s", p.Path, PathDevice, PathDefine)
	}
	if p.Element != "" {
		iface, err := model.ParseInterface(p.Element)
		if err != nil {
			return fmt.Errorf("the plan's element: %w", err)
		}
		if iface.MAC == nil || !strings.EqualFold(iface.MAC.Address, p.MAC) {
			return fmt.Errorf("the plan's element does not carry the plan's MAC %s", p.MAC)
		}
		if err := model.CheckRoundTrip(p.Element); err != nil {
			return fmt.Errorf("the plan's element: %w", err)
		}
	}
	return nil
}

// findTarget locates the plan's NIC in the XML read just before the write
// and refuses when it is not exactly what the plan was made against.
func findTarget(p *Plan, pre string) (target, error) {
	elems, err := model.InterfaceElements(pre)
	if err != nil {
		return target{}, err
	}
	var t target
	if p.Element != "" {
		iface, _ := model.ParseInterface(p.Element) // checkPlan parsed it
		t.new = model.NICFromXML(p.Index, iface)
	}
	if p.Op == model.OpAdd {
		if i := nicWithMAC(elems, p.MAC, -1); i >= 0 {
			return target{}, fmt.Errorf("%w (a NIC with MAC %s is there now)", ErrConcurrentEdit, p.MAC)
		}
		t.idx = len(elems)
		t.new.Index = t.idx
		t.old = model.NIC{Index: t.idx}
		return t, nil
	}
	t.idx = nicWithMAC(elems, p.OldMAC, p.Index)
	if t.idx < 0 || Fingerprint(elems[t.idx]) != p.Against.NIC {
		return target{}, ErrConcurrentEdit
	}
	t.elem = elems[t.idx]
	iface, err := model.ParseInterface(t.elem)
	if err != nil {
		return target{}, err
	}
	t.old = model.NICFromXML(t.idx, iface)
	t.old.Target, t.old.Alias = "", ""
	t.new.Index = t.idx
	return t, nil
}

// nicWithMAC is the index of the NIC holding mac: the one at prefer when it
// does, else the only one; -1 when none or several (then only the index
// could tell, and it did not).
func nicWithMAC(elems []string, mac string, prefer int) int {
	found := -1
	for i, e := range elems {
		iface, err := model.ParseInterface(e)
		if err != nil || iface.MAC == nil || !strings.EqualFold(iface.MAC.Address, mac) {
			continue
		}
		if i == prefer {
			return i
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

// recheckAfter is how old a plan's host reads may be before Apply reads
// again what the change needs: a CLI run plans and applies within
// milliseconds, a confirmed dialog or a saved plan may be minutes or days
// old.
const recheckAfter = 2 * time.Second

// recheck validates the plan against the host as it is now, reading only
// what the change needs. It changes nothing in the plan: a rule the change
// now breaks (someone took the MAC meanwhile) refuses the write.
func (c *Conn) recheck(p *Plan, t target) error {
	if p.Op == model.OpRemove {
		return nil
	}
	var want []string
	for _, ch := range p.Changes {
		want = append(want, ch.Field)
	}
	if got := model.Changed(t.old, t.new); p.Op == model.OpSet && strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("the plan lists changes %v but its element changes %v", want, got)
	}
	need := model.NeedsFor(t.old, t.new)
	if !p.checked.IsZero() && time.Since(p.checked) < recheckAfter {
		need = model.Needs{} // the NIC fingerprint matched and the host was read just now
	}
	ctx, _, err := c.contextFor(p.Domain, need)
	if err != nil {
		return err
	}
	ctx.AllowUnlistedDevice = p.Forced
	if ps := model.Validate(t.old, t.new, ctx); model.HasErrors(ps) {
		return &model.ValidationError{Problems: ps}
	}
	return nil
}
