package libvirtx

import (
	"errors"
	"fmt"

	"virtnic/model"
)

// The outcome types live in model, where present can word them for both
// the CLI and the terminal UI; these names keep libvirtx's callers short.
type (
	LiveStatus   = model.LiveStatus
	LiveOutcome  = model.LiveOutcome
	FieldOutcome = model.FieldOutcome
)

const (
	LiveApplied       = model.LiveApplied
	LiveNotApplicable = model.LiveNotApplicable
	LiveAfterShutdown = model.LiveAfterShutdown
	LiveFailed        = model.LiveFailed
	LiveRequested     = model.LiveRequested
)

// Result reports an applied plan.
type Result struct {
	Plan  *Plan
	Path  WritePath // how the persistent config was written
	Index int       // the NIC's index after the write (add: where libvirt put it)
	// Fields are the plan's changes with what happened live (set).
	Fields []FieldOutcome
	// Live is the write as a whole: add/remove, or the summary of a set.
	Live     LiveOutcome
	Warnings []string
	// Others are changes someone else made to the domain between virtnic's
	// read before the write and its read after it; they were kept.
	Others []string
	// Verified is "after reconnect" when the connection dropped during the
	// write and a new connection showed the change had landed.
	Verified string
	XML      string // persistent domain XML re-read from libvirt after the write
}

// ErrNotPersistent refuses edits of transient domains: a define would turn
// them persistent, which is not what "edit this NIC" means.
var ErrNotPersistent = errors.New("the domain is transient: it has no persistent config for virtnic to edit")

// ErrNotWritten says a write whose connection dropped did not land: a new
// connection showed the NIC as it was before.
var ErrNotWritten = errors.New("the connection to libvirt dropped during the write and a new connection shows nothing was written")

// ErrOutcomeUnknown says the connection dropped during a write and virtnic
// could not reconnect to learn whether it landed.
var ErrOutcomeUnknown = errors.New("the connection to libvirt dropped during the write and virtnic could not reconnect to check whether it landed; check with 'virtnic show' before trying again")

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

func (c *Conn) addRemovePrediction(running bool, what, verb string) LiveOutcome {
	if !running {
		return LiveOutcome{Status: LiveNotApplicable, Reason: "the domain is not running: config only"}
	}
	// A driver without device calls (the test driver) cannot hot-plug:
	// predicting it saves the user a surprise after confirming.
	if c.noDeviceCalls.Load() || c.testDriver {
		return noHotplug(what, "")
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

// checkWritable is every plan's precondition: an open connection and a
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

func nicRangeError(d *Domain, idx int) error {
	return validationf("nic", "NIC %d does not exist: %s has %d NIC(s), allowed 0–%d", idx, d.Info.Name, len(d.NICs), len(d.NICs)-1)
}

// SetNIC plans and applies an edit in one go (for callers with nothing to
// show between the two).
func (c *Conn) SetNIC(d *Domain, idx int, n model.NIC) (*Result, error) {
	p, err := c.PlanSet(d, idx, n, PlanOpts{})
	if err != nil {
		return nil, err
	}
	return c.Apply(p)
}

// AddNIC plans and applies adding a NIC.
func (c *Conn) AddNIC(d *Domain, n model.NIC) (*Result, error) {
	p, err := c.PlanAdd(d, n, PlanOpts{})
	if err != nil {
		return nil, err
	}
	return c.Apply(p)
}

// RemoveNIC plans and applies removing a NIC.
func (c *Conn) RemoveNIC(d *Domain, idx int) (*Result, error) {
	p, err := c.PlanRemove(d, idx)
	if err != nil {
		return nil, err
	}
	return c.Apply(p)
}

func (r *Result) String() string {
	return fmt.Sprintf("%s %s NIC %d (%s) via %s", r.Plan.Op, r.Plan.Domain, r.Index, r.Plan.MAC, r.Path)
}
