package libvirtx

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"virtnic/model"
)

// PlanSchema is the version of the plan's JSON form; apply refuses others.
const PlanSchema = 1

// WritePath is how a plan's persistent change reaches libvirt.
type WritePath string

const (
	// PathDevice is libvirt's per-device call (update, attach, detach with
	// the CONFIG flag): libvirtd applies it to its current definition under
	// its own lock, so edits elsewhere in the domain survive.
	PathDevice WritePath = "per-device"
	// PathDefine splices the element into the domain XML read just before
	// and defines it: for drivers without device calls (the test driver)
	// and for what a device call cannot express (a new MAC, since libvirt
	// finds the device by its MAC).
	PathDefine WritePath = "define"
)

// Fingerprints say what a plan was made against.
type Fingerprints struct {
	Domain string `json:"domain"`        // SHA-256 of the persistent XML the plan read
	NIC    string `json:"nic,omitempty"` // SHA-256 of the edited or removed <interface> as libvirt held it
}

// Plan is one write, decided: the exact <interface> element to write (every
// generated MAC and UUID already fixed), what each field will do on the
// running guest, and what it was planned against. It is a value: Apply
// writes exactly it or refuses, and its JSON form can be saved, reviewed and
// applied later.
type Plan struct {
	Schema  int      `json:"schema"`
	Op      model.Op `json:"op"`
	URI     string   `json:"uri"`
	Domain  string   `json:"domain"`
	UUID    string   `json:"uuid"`
	Index   int      `json:"index"` // the NIC's position (add: the one it will take)
	MAC     string   `json:"mac"`   // the NIC's MAC after the write; remove: the removed NIC's
	OldMAC  string   `json:"old_mac,omitempty"`
	Running bool     `json:"running"` // the domain was running when planned
	// Changes are the edited fields with their predicted live outcome
	// (set); Live is the predicted outcome of an add or remove.
	Changes   []FieldOutcome    `json:"changes"`
	Live      *LiveOutcome      `json:"live,omitempty"`
	Generated map[string]string `json:"generated"` // field → the value virtnic generated
	Warnings  []string          `json:"warnings"`
	Element   string            `json:"element,omitempty"` // the new <interface> as it will be written
	Diff      string            `json:"diff"`
	Path      WritePath         `json:"path"`
	Against   Fingerprints      `json:"fingerprints"`
	// Forced: the user chose a host device the host does not offer for
	// macvtap (a remote host may list only some); kept so a later Apply
	// validates the same way.
	Forced bool `json:"forced,omitempty"`

	// checked is when this process read the host to validate the plan;
	// zero for a plan read from a file.
	checked time.Time
}

// Empty reports whether the plan changes nothing (a set to current values).
func (p *Plan) Empty() bool { return p.Op == model.OpSet && len(p.Changes) == 0 }

// NIC is the NIC the plan writes (set, add), read back from its element.
func (p *Plan) NIC() (model.NIC, error) {
	if p.Element == "" {
		return model.NIC{}, errors.New("the plan writes no <interface>")
	}
	iface, err := model.ParseInterface(p.Element)
	if err != nil {
		return model.NIC{}, err
	}
	return model.NICFromXML(p.Index, iface), nil
}

// PlanOpts are the user's choices that are not NIC fields.
type PlanOpts struct {
	// Force accepts a direct NIC's host device that the host does not list
	// as a macvtap candidate (a warning instead of an error).
	Force bool
}

// PlanSet plans an edit of NIC idx: it reads only what validating this
// change needs, fixes every generated value and builds the element.
func (c *Conn) PlanSet(d *Domain, idx int, n model.NIC, o PlanOpts) (*Plan, error) {
	if err := c.checkWritable(d, "edit NIC"); err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(d.NICs) {
		return nil, nicRangeError(d, idx)
	}
	old := d.NICs[idx]
	if !old.Editable {
		return nil, validationf("nic", "NIC %d cannot be edited: %s", idx, old.NotEditableReason)
	}
	n.Index = idx
	p := c.newPlan(d, model.OpSet, idx)
	p.OldMAC, p.Forced = old.MAC, o.Force
	ctx, err := c.settle(p, old, &n)
	if err != nil {
		return nil, err
	}
	p.MAC = n.MAC
	for _, ch := range model.PlanIn(old, n, p.Running, ctx.Networks) {
		p.Changes = append(p.Changes, FieldOutcome{Change: ch, Live: predicted(ch, p.Running)})
	}
	if len(p.Changes) == 0 {
		return p, nil
	}
	elems, err := model.InterfaceElements(d.InactiveXML)
	if err != nil {
		return nil, err
	}
	iface, err := model.ParseInterface(elems[idx])
	if err != nil {
		return nil, err
	}
	if err := model.ApplyToXML(iface, old, n); err != nil {
		return nil, err
	}
	elem, err := iface.Marshal()
	if err != nil {
		return nil, err
	}
	newXML, err := model.ReplaceInterface(d.InactiveXML, idx, elem)
	if err != nil {
		return nil, err
	}
	if p.Element, err = elementAt(newXML, idx); err != nil {
		return nil, err
	}
	p.Diff = elementDiff(elems[idx], p.Element)
	p.Against.NIC = Fingerprint(elems[idx])
	p.Path = c.pathFor(model.OpSet, old, n, elems)
	return p, nil
}

// PlanAdd plans a new NIC. Blank kind means network "default" (what
// virt-manager and virt-install pick), blank model virtio, blank MAC a
// generated unique one.
func (c *Conn) PlanAdd(d *Domain, n model.NIC, o PlanOpts) (*Plan, error) {
	if err := c.checkWritable(d, "add NIC"); err != nil {
		return nil, err
	}
	if n.Kind == "" {
		n.Kind, n.Network = model.KindNetwork, "default"
	}
	if n.Model == "" {
		n.Model = "virtio"
	}
	if n.Link == "" {
		n.Link = "up"
	}
	n.Index, n.Editable = len(d.NICs), true
	p := c.newPlan(d, model.OpAdd, n.Index)
	p.Forced = o.Force
	if _, err := c.settle(p, model.NIC{Index: n.Index}, &n); err != nil {
		return nil, err
	}
	p.MAC = n.MAC
	elem, err := model.NewInterfaceXML(n).Marshal()
	if err != nil {
		return nil, err
	}
	newXML, err := model.InsertInterface(d.InactiveXML, elem)
	if err != nil {
		return nil, err
	}
	if p.Element, err = elementAt(newXML, n.Index); err != nil {
		return nil, err
	}
	p.Diff = elementDiff("", p.Element)
	live := c.addRemovePrediction(p.Running, "attach", "attached to")
	p.Live = &live
	p.Path = PathDevice
	if c.noDeviceCalls.Load() || c.testDriver {
		p.Path = PathDefine
	}
	return p, nil
}

// PlanRemove plans removing NIC idx: from the config, and an unplug request
// to the running guest.
func (c *Conn) PlanRemove(d *Domain, idx int) (*Plan, error) {
	if err := c.checkWritable(d, "remove NIC"); err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(d.NICs) {
		return nil, nicRangeError(d, idx)
	}
	old := d.NICs[idx]
	p := c.newPlan(d, model.OpRemove, idx)
	p.MAC, p.OldMAC = old.MAC, old.MAC
	elems, err := model.InterfaceElements(d.InactiveXML)
	if err != nil {
		return nil, err
	}
	p.Diff = elementDiff(elems[idx], "")
	p.Against.NIC = Fingerprint(elems[idx])
	live := c.addRemovePrediction(p.Running, "detach", "detached from")
	if p.Running {
		live.Status = LiveRequested
	}
	p.Live = &live
	p.Path = c.pathFor(model.OpRemove, old, old, elems)
	return p, nil
}

func (c *Conn) newPlan(d *Domain, op model.Op, idx int) *Plan {
	return &Plan{
		Schema: PlanSchema, Op: op, URI: c.URI(), Domain: d.Info.Name, UUID: d.Info.UUID,
		Index: idx, Running: d.Info.State.Active(), Generated: map[string]string{},
		Warnings: []string{}, Changes: []FieldOutcome{},
		Against: Fingerprints{Domain: d.Fingerprint},
	}
}

// settle reads the context the change needs, fills the blanks the user left
// to be generated (recording each generated value in the plan) and
// validates. Randomness is used here and nowhere after: Apply writes what
// settle fixed. It returns the context it read, for the live prediction.
func (c *Conn) settle(p *Plan, old model.NIC, n *model.NIC) (model.Context, error) {
	ctx, warnings, err := c.contextFor(p.Domain, model.NeedsFor(old, *n))
	if err != nil {
		return ctx, err
	}
	ctx.AllowUnlistedDevice = p.Forced
	before := *n
	if err := model.Normalize(n, old, ctx, rand.Reader); err != nil {
		return ctx, err
	}
	recordGenerated(p.Generated, before, *n)
	p.Warnings = append(p.Warnings, warnings...)
	p.checked = time.Now()
	ps := model.Validate(old, *n, ctx)
	if model.HasErrors(ps) {
		return ctx, &model.ValidationError{Problems: ps}
	}
	for _, pr := range ps {
		p.Warnings = append(p.Warnings, pr.Field+": "+pr.Message)
	}
	if note := model.VFModeNote(old, *n, ctx.SRIOV); note != "" {
		p.Warnings = append(p.Warnings, model.FieldMode+": "+note)
	}
	return ctx, nil
}

// recordGenerated notes the values Normalize made up, so a user sees them
// in the plan they confirm and scripts find them in its JSON.
func recordGenerated(gen map[string]string, before, after model.NIC) {
	if m := strings.TrimSpace(before.MAC); m == "" || strings.EqualFold(m, "random") {
		gen[model.FieldMAC] = after.MAC
	}
	if before.VirtualPort == nil || after.VirtualPort == nil {
		return
	}
	if before.VirtualPort.InstanceID == "" && after.VirtualPort.InstanceID != "" {
		gen[model.FieldInstanceID] = after.VirtualPort.InstanceID
	}
	if before.VirtualPort.InterfaceID == "" && after.VirtualPort.InterfaceID != "" {
		gen[model.FieldInterfaceID] = after.VirtualPort.InterfaceID
	}
}

// pathFor decides how the change reaches the persistent config. libvirt's
// device calls find the device by MAC (and PCI address when given), so a new
// MAC, or a MAC several NICs share without addresses to tell them apart,
// needs the define path; so does a driver known to lack device calls.
func (c *Conn) pathFor(op model.Op, old, n model.NIC, elems []string) WritePath {
	if c.noDeviceCalls.Load() || c.testDriver {
		return PathDefine
	}
	if op == model.OpSet && !strings.EqualFold(old.MAC, n.MAC) {
		return PathDefine
	}
	if sameMAC(elems, old.MAC) > 1 && !strings.Contains(elems[old.Index], "<address") {
		return PathDefine
	}
	return PathDevice
}

func sameMAC(elems []string, mac string) int {
	n := 0
	for _, e := range elems {
		if iface, err := model.ParseInterface(e); err == nil && iface.MAC != nil && strings.EqualFold(iface.MAC.Address, mac) {
			n++
		}
	}
	return n
}

// elementAt is the idx-th <interface> of a domain XML, as spliced there.
func elementAt(domXML string, idx int) (string, error) {
	elems, err := model.InterfaceElements(domXML)
	if err != nil {
		return "", err
	}
	if idx < 0 || idx >= len(elems) {
		return "", fmt.Errorf("no interface %d in the spliced domain", idx)
	}
	return elems[idx], nil
}

// elementDiff is the unified diff of one element's old and new text ("" for
// none), exactly as libvirt will be asked to hold it.
func elementDiff(oldElem, newElem string) string {
	nameA, nameB := "a/interface", "b/interface"
	if oldElem == "" {
		nameA = "/dev/null"
	} else {
		oldElem += "\n"
	}
	if newElem == "" {
		nameB = "/dev/null"
	} else {
		newElem += "\n"
	}
	return model.UnifiedDiff(oldElem, newElem, nameA, nameB)
}

func validationf(field, format string, a ...any) error {
	return &model.ValidationError{Problems: []model.Problem{{
		Field: field, Severity: model.SeverityError, Message: fmt.Sprintf(format, a...),
	}}}
}
