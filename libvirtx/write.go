package libvirtx

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// LiveStatus says what happened to the running guest for one change.
type LiveStatus string

const (
	LiveApplied       LiveStatus = "applied"
	LiveNotApplicable LiveStatus = "not applicable"
	LiveAfterShutdown LiveStatus = "after shutdown"
	LiveFailed        LiveStatus = "failed"
	LiveRequested     LiveStatus = "requested"
)

// LiveOutcome is the live side of a write. Reason explains a status other
// than applied; Message carries libvirt's own words when libvirt said no.
type LiveOutcome struct {
	Status  LiveStatus
	Reason  string
	Message string
}

// FieldOutcome is one changed field with what happened to it live.
type FieldOutcome struct {
	model.Change
	Live LiveOutcome
}

// Result reports a write (or, with DryRun, what a write would do).
type Result struct {
	Op       string // "set", "add" or "remove"
	Domain   string
	Index    int
	MAC      string
	DryRun   bool
	Fields   []FieldOutcome // set only; empty when nothing changed
	Live     LiveOutcome    // the write as a whole: add/remove, or the summary of a set
	Warnings []string       // validation warnings and post-write checks
	Diff     string         // unified diff of the <interface> element
	XML      string         // persistent domain XML re-read from libvirt after the write
}

// Config describes the config side; it is always written unless DryRun.
func (r *Result) Config() string {
	if r.DryRun {
		return "not written (dry run)"
	}
	return "applied"
}

// ErrNotPersistent refuses edits of transient domains: DefineXML would turn
// them persistent, which is not what "edit this NIC" means.
var ErrNotPersistent = errors.New("the domain is transient: it has no persistent config for virtnic to edit")

// SetNIC validates and writes an edit of NIC idx: config always, the live
// guest for the fields libvirt can change live.
func (c *Conn) SetNIC(d *Domain, idx int, n model.NIC) (*Result, error) {
	return c.setNIC(d, idx, n, false)
}

// PlanSetNIC is SetNIC without writing: validation, the change plan and the diff.
func (c *Conn) PlanSetNIC(d *Domain, idx int, n model.NIC) (*Result, error) {
	return c.setNIC(d, idx, n, true)
}

// AddNIC appends a NIC. Blank kind means network "default" when the
// connection has it; blank model means virtio; blank MAC is generated.
func (c *Conn) AddNIC(d *Domain, n model.NIC) (*Result, error) { return c.addNIC(d, n, false) }

// PlanAddNIC is AddNIC without writing.
func (c *Conn) PlanAddNIC(d *Domain, n model.NIC) (*Result, error) { return c.addNIC(d, n, true) }

// RemoveNIC removes NIC idx from the config and asks the running guest to
// unplug it. The unplug is asynchronous: its outcome is "requested".
func (c *Conn) RemoveNIC(d *Domain, idx int) (*Result, error) { return c.removeNIC(d, idx, false) }

// PlanRemoveNIC is RemoveNIC without writing.
func (c *Conn) PlanRemoveNIC(d *Domain, idx int) (*Result, error) { return c.removeNIC(d, idx, true) }

func (c *Conn) setNIC(d *Domain, idx int, n model.NIC, dryRun bool) (*Result, error) {
	if err := c.checkWritable(d, "edit NIC"); err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(d.NICs) {
		return nil, nicRangeError(d, idx)
	}
	old := d.NICs[idx]
	if !old.Editable {
		return nil, &model.ValidationError{Problems: []model.Problem{{
			Field: "nic", Severity: model.SeverityError,
			Message: fmt.Sprintf("NIC %d cannot be edited: %s", idx, old.NotEditableReason),
		}}}
	}
	n.Index = idx
	ctx, err := c.EditContext(d.Info.Name)
	if err != nil {
		return nil, err
	}
	if err := model.Normalize(&n, old, ctx, rand.Reader); err != nil {
		return nil, err
	}
	res := &Result{Op: "set", Domain: d.Info.Name, Index: idx, MAC: n.MAC, DryRun: dryRun}
	if err := checkProblems(model.Validate(old, n, ctx), res); err != nil {
		return nil, err
	}
	running := d.Info.State.Active()
	changes := model.Plan(old, n, running)
	if len(changes) == 0 {
		return res, nil
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
	res.Diff, err = elementDiff(elems[idx], newXML, idx)
	if err != nil {
		return nil, err
	}
	for _, ch := range changes {
		res.Fields = append(res.Fields, FieldOutcome{Change: ch})
	}
	if dryRun {
		for i := range res.Fields {
			res.Fields[i].Live = predicted(res.Fields[i].Change, running)
		}
		return res, nil
	}

	if err := c.define(d, newXML, func(before, after string) []string {
		return outsideDiff(before, after, idx, idx)
	}, res); err != nil {
		return nil, err
	}

	var liveChanges []model.Change
	for i := range res.Fields {
		ch := res.Fields[i].Change
		if ch.Live && running {
			liveChanges = append(liveChanges, ch)
			continue
		}
		res.Fields[i].Live = predicted(ch, running)
	}
	if len(liveChanges) > 0 {
		out := c.applyLive(d, elems[idx], old, n, liveChanges)
		for i := range res.Fields {
			if res.Fields[i].Change.Live {
				res.Fields[i].Live = out
			}
		}
	}
	res.Live = summarize(res.Fields)
	return res, nil
}

func (c *Conn) addNIC(d *Domain, n model.NIC, dryRun bool) (*Result, error) {
	if err := c.checkWritable(d, "add NIC"); err != nil {
		return nil, err
	}
	ctx, err := c.EditContext(d.Info.Name)
	if err != nil {
		return nil, err
	}
	if n.Kind == "" {
		def, err := c.defaultNetwork()
		if err != nil {
			return nil, err
		}
		n.Kind, n.Network = model.KindNetwork, def
	}
	if n.Model == "" {
		n.Model = "virtio"
	}
	if n.Link == "" {
		n.Link = "up"
	}
	n.Index = len(d.NICs)
	n.Editable = true
	if err := model.Normalize(&n, model.NIC{}, ctx, rand.Reader); err != nil {
		return nil, err
	}
	res := &Result{Op: "add", Domain: d.Info.Name, Index: n.Index, MAC: n.MAC, DryRun: dryRun}
	if err := checkProblems(model.Validate(model.NIC{Index: n.Index}, n, ctx), res); err != nil {
		return nil, err
	}
	iface := model.NewInterfaceXML(n)
	elem, err := iface.Marshal()
	if err != nil {
		return nil, err
	}
	newXML, err := model.InsertInterface(d.InactiveXML, elem)
	if err != nil {
		return nil, err
	}
	if res.Diff, err = elementDiff("", newXML, n.Index); err != nil {
		return nil, err
	}
	running := d.Info.State.Active()
	if dryRun {
		res.Live = addRemovePrediction(running, "attached to")
		return res, nil
	}
	if err := c.define(d, newXML, func(before, after string) []string {
		return outsideDiff(before, after, -1, n.Index)
	}, res); err != nil {
		return nil, err
	}
	if !running {
		res.Live = LiveOutcome{Status: LiveNotApplicable, Reason: "the domain is not running: config only"}
		return res, nil
	}
	res.Live = c.deviceCall(d, "attach", func(dom *libvirt.Domain) error {
		return dom.AttachDeviceFlags(elem, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
	}, LiveApplied)
	return res, nil
}

func (c *Conn) removeNIC(d *Domain, idx int, dryRun bool) (*Result, error) {
	if err := c.checkWritable(d, "remove NIC"); err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(d.NICs) {
		return nil, nicRangeError(d, idx)
	}
	old := d.NICs[idx]
	res := &Result{Op: "remove", Domain: d.Info.Name, Index: idx, MAC: old.MAC, DryRun: dryRun}
	elems, err := model.InterfaceElements(d.InactiveXML)
	if err != nil {
		return nil, err
	}
	newXML, err := model.RemoveInterface(d.InactiveXML, idx)
	if err != nil {
		return nil, err
	}
	if res.Diff, err = elementDiff(elems[idx], newXML, -1); err != nil {
		return nil, err
	}
	running := d.Info.State.Active()
	if dryRun {
		res.Live = addRemovePrediction(running, "detached from")
		if running {
			res.Live.Status = LiveRequested
		}
		return res, nil
	}
	if err := c.define(d, newXML, func(before, after string) []string {
		return outsideDiff(before, after, idx, -1)
	}, res); err != nil {
		return nil, err
	}
	if !running {
		res.Live = LiveOutcome{Status: LiveNotApplicable, Reason: "the domain is not running: config only"}
		return res, nil
	}
	liveElem, ok := liveElementByMAC(d.LiveXML, old.MAC)
	if !ok {
		res.Live = LiveOutcome{Status: LiveNotApplicable, Reason: "the running guest has no NIC with this MAC (it was added to the config only)"}
		return res, nil
	}
	// Detaching by alias only sends the unplug request; detaching by XML
	// waits (5 s on QEMU) for a guest acknowledgement that may never come.
	alias := ""
	if li, err := model.ParseInterface(liveElem); err == nil {
		alias = model.NICFromXML(idx, li).Alias
	}
	res.Live = c.deviceCall(d, "detach", func(dom *libvirt.Domain) error {
		if alias != "" {
			return dom.DetachDeviceAlias(alias, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
		}
		return dom.DetachDeviceFlags(liveElem, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
	}, LiveRequested)
	if res.Live.Status == LiveRequested {
		res.Live.Reason = "unplug requested: the NIC disappears from the running guest once the guest OS acknowledges it (a guest without ACPI support keeps it until shutdown)"
	}
	return res, nil
}

// define writes the new persistent XML after checking nobody else changed
// the domain since it was loaded, then re-reads it to prove that nothing
// outside the edited NIC moved. A difference there is reported, not hidden.
func (c *Conn) define(d *Domain, newXML string, outside func(before, after string) []string, res *Result) error {
	dom, err := c.lv().LookupDomainByUUIDString(d.Info.UUID)
	if err != nil {
		return wrap("look up domain "+d.Info.Name, err)
	}
	defer dom.Free()
	flags := c.xmlFlags(libvirt.DOMAIN_XML_INACTIVE)
	cur, err := dom.GetXMLDesc(flags)
	if err != nil {
		return wrap("read domain "+d.Info.Name, err)
	}
	if Fingerprint(cur) != d.Fingerprint {
		return ErrConcurrentEdit
	}
	nd, err := c.lv().DomainDefineXMLFlags(newXML, libvirt.DOMAIN_DEFINE_VALIDATE)
	if err != nil {
		return wrap("define domain "+d.Info.Name, err)
	}
	nd.Free()
	after, err := dom.GetXMLDesc(flags)
	if err != nil {
		return wrap("re-read domain "+d.Info.Name, err)
	}
	res.XML = after
	for _, line := range outside(cur, after) {
		res.Warnings = append(res.Warnings, "outside the edited NIC, libvirt now reports: "+line)
	}
	return nil
}

// applyLive changes the running guest for the live-capable fields only. The
// base element is the guest's live NIC when it has the configured kind; a
// network NIC's live XML shows the actual (direct/bridge) type, which libvirt
// would read as a type change, so it is rebuilt from the config element.
func (c *Conn) applyLive(d *Domain, cfgElem string, old, n model.NIC, changes []model.Change) LiveOutcome {
	base := cfgElem
	if le, ok := liveElementByMAC(d.LiveXML, old.MAC); ok {
		if li, err := model.ParseInterface(le); err == nil && model.NICFromXML(old.Index, li).Kind == old.Kind {
			base = le
		}
	}
	iface, err := model.ParseInterface(base)
	if err != nil {
		return LiveOutcome{Status: LiveFailed, Reason: "could not read the live NIC", Message: err.Error()}
	}
	cur := model.NICFromXML(old.Index, iface)
	want := cur
	for _, ch := range changes {
		switch ch.Field {
		case model.FieldLink:
			want.Link = n.Link
		case model.FieldSource, model.FieldPortGroup:
			want.Kind, want.Network, want.PortGroup, want.Bridge = n.Kind, n.Network, n.PortGroup, n.Bridge
		case model.FieldVirtualPort:
			want.VirtualPort = n.VirtualPort
		}
	}
	if err := model.ApplyToXML(iface, cur, want); err != nil {
		return LiveOutcome{Status: LiveFailed, Reason: "could not build the live NIC", Message: err.Error()}
	}
	x, err := iface.Marshal()
	if err != nil {
		return LiveOutcome{Status: LiveFailed, Reason: "could not build the live NIC", Message: err.Error()}
	}
	return c.deviceCall(d, "update", func(dom *libvirt.Domain) error {
		return dom.UpdateDeviceFlags(x, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
	}, LiveApplied)
}

// deviceCall runs one live device call and turns libvirt's answer into an
// outcome: a driver without device hotplug (the test driver) means the change
// waits for the next boot; any other refusal is a failure in libvirt's words.
func (c *Conn) deviceCall(d *Domain, what string, call func(*libvirt.Domain) error, ok LiveStatus) LiveOutcome {
	dom, err := c.lv().LookupDomainByUUIDString(d.Info.UUID)
	if err != nil {
		e := wrap("look up domain "+d.Info.Name, err)
		return LiveOutcome{Status: LiveFailed, Reason: "takes effect after the next guest shutdown", Message: e.Error()}
	}
	defer dom.Free()
	err = call(dom)
	if err == nil {
		return LiveOutcome{Status: ok}
	}
	msg := err.Error()
	var le libvirt.Error
	if errors.As(err, &le) {
		msg = le.Message
		if le.Code == libvirt.ERR_NO_SUPPORT {
			return LiveOutcome{Status: LiveAfterShutdown, Message: msg,
				Reason: "this hypervisor driver cannot " + what + " devices of a running guest: takes effect after the next guest shutdown"}
		}
	}
	return LiveOutcome{Status: LiveFailed, Message: msg,
		Reason: "libvirt refused the live " + what + ": the config is saved and takes effect after the next guest shutdown"}
}

func predicted(ch model.Change, running bool) LiveOutcome {
	switch {
	case !running:
		return LiveOutcome{Status: LiveNotApplicable, Reason: "the domain is not running: config only"}
	case ch.Live:
		return LiveOutcome{Status: LiveApplied, Reason: "will apply to the running guest"}
	default:
		return LiveOutcome{Status: LiveAfterShutdown, Reason: "takes effect after the next guest shutdown: " + ch.Reason}
	}
}

func addRemovePrediction(running bool, verb string) LiveOutcome {
	if !running {
		return LiveOutcome{Status: LiveNotApplicable, Reason: "the domain is not running: config only"}
	}
	return LiveOutcome{Status: LiveApplied, Reason: "libvirt will be asked to have it " + verb + " the running guest too, where the hypervisor supports that"}
}

// summarize gives the whole set one status: the worst of its fields.
func summarize(fs []FieldOutcome) LiveOutcome {
	rank := map[LiveStatus]int{LiveNotApplicable: 0, LiveApplied: 1, LiveRequested: 2, LiveAfterShutdown: 3, LiveFailed: 4}
	var s LiveOutcome
	for i, f := range fs {
		if i == 0 || rank[f.Live.Status] > rank[s.Status] {
			s = f.Live
		}
	}
	return s
}

// checkWritable is every write's precondition: an open connection and a
// persistent domain.
func (c *Conn) checkWritable(d *Domain, op string) error {
	if err := c.ensureOpen(op); err != nil {
		return err
	}
	if !d.Info.Persistent {
		return ErrNotPersistent
	}
	return nil
}

func checkProblems(ps []model.Problem, res *Result) error {
	if model.HasErrors(ps) {
		return &model.ValidationError{Problems: ps}
	}
	for _, p := range ps {
		res.Warnings = append(res.Warnings, p.Field+": "+p.Message)
	}
	return nil
}

func nicRangeError(d *Domain, idx int) error {
	return &model.ValidationError{Problems: []model.Problem{{
		Field: "nic", Severity: model.SeverityError,
		Message: fmt.Sprintf("NIC %d does not exist: %s has %d NIC(s), allowed 0–%d", idx, d.Info.Name, len(d.NICs), len(d.NICs)-1),
	}}}
}

// defaultNetwork picks what virt-manager and virt-install pick: "default"
// when the connection has it.
func (c *Conn) defaultNetwork() (string, error) {
	net, err := c.lv().LookupNetworkByName("default")
	if err != nil {
		return "", &model.ValidationError{Problems: []model.Problem{{
			Field: model.FieldSource, Severity: model.SeverityError,
			Message: "no network named 'default' on this connection: choose a source (--network, --bridge or --direct)",
		}}}
	}
	net.Free()
	return "default", nil
}

func liveElementByMAC(liveXML, mac string) (string, bool) {
	if liveXML == "" {
		return "", false
	}
	elems, err := model.InterfaceElements(liveXML)
	if err != nil {
		return "", false
	}
	for i, e := range elems {
		iface, err := model.ParseInterface(e)
		if err != nil {
			continue
		}
		if strings.EqualFold(model.NICFromXML(i, iface).MAC, mac) {
			return e, true
		}
	}
	return "", false
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

// elementDiff diffs an element's old text against its text as spliced into
// the new domain XML (idx -1: removed), so the diff shows exactly what
// libvirt will be asked to define.
func elementDiff(oldElem, newXML string, idx int) (string, error) {
	nameA, nameB, newElem := "a/interface", "b/interface", ""
	if idx >= 0 {
		elems, err := model.InterfaceElements(newXML)
		if err != nil {
			return "", err
		}
		newElem = elems[idx] + "\n"
	} else {
		nameB = "/dev/null"
	}
	if oldElem == "" {
		nameA = "/dev/null"
	} else {
		oldElem += "\n"
	}
	return model.UnifiedDiff(oldElem, newElem, nameA, nameB), nil
}
