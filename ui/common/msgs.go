package common

import (
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/components/dialog"

	tea "github.com/charmbracelet/bubbletea"
)

// DomainsLoadedMsg carries the domain list (LoadDomains).
type DomainsLoadedMsg struct {
	Host    *Context
	Domains []model.DomainInfo
	Err     error
}

// DomainLoadedMsg carries one domain (LoadDomain).
type DomainLoadedMsg struct {
	Host   *Context
	Name   string
	Domain *libvirtx.Domain
	Err    error
}

// SurveyMsg carries a connection's host survey (LoadSurvey).
type SurveyMsg struct {
	Host   *Context
	Conn   *libvirtx.Conn
	Survey *model.HostSurvey
	Err    error
}

// SurveyDomainMsg carries one domain re-read for the survey; Exists is
// false when it is gone.
type SurveyDomainMsg struct {
	Host   *Context
	Conn   *libvirtx.Conn
	Name   string
	Domain model.DomainNICs
	Exists bool
	Err    error
}

// SurveyUpdatedMsg tells the screens that Context.Survey changed.
type SurveyUpdatedMsg struct{ Host *Context }

// PlanMsg is a plan, shown in a confirmation before writing; confirming
// applies exactly this plan.
type PlanMsg struct {
	Host  *Context
	Op    model.Op
	Index int
	Plan  *libvirtx.Plan
	Err   error
}

// WriteDoneMsg is an applied plan's result.
type WriteDoneMsg struct {
	Host   *Context
	Op     model.Op
	Plan   *libvirtx.Plan
	Result *libvirtx.Result
	Err    error
}

// DomainEventMsg is a libvirt event (lifecycle, device, connection closed).
type DomainEventMsg struct {
	Host  *Context
	Event libvirtx.Event
}

// ConnLostMsg says the host's connection died; the root reconnects it.
type ConnLostMsg struct {
	Host   *Context
	Reason string
}

// ReconnectedMsg reports a reconnect attempt. With several hosts it also
// says that a host's first open succeeded: the domain list then lists it.
type ReconnectedMsg struct {
	Host *Context
	Conn *libvirtx.Conn
	Err  error
}

// OpenDomainMsg asks the root to open a domain's hardware details. MAC,
// when set, opens them at that NIC's page (the host network view jumps from
// a NIC's row to it); "" opens them at the top.
type OpenDomainMsg struct {
	Host *Context
	Name string
	MAC  string
}

// OpenHostNetMsg asks the root to open the host network view of Host.
type OpenHostNetMsg struct{ Host *Context }

// OpenFindingsMsg asks the root to open the findings view of every host.
type OpenFindingsMsg struct{}

// FindingsUpdatedMsg tells the screens that the root checked the hosts'
// surveys again: every Context.Findings may have changed.
type FindingsUpdatedMsg struct{}

// RefreshSurveyMsg asks the root to read the host survey again; the screens
// hear SurveyUpdatedMsg or SurveyFailedMsg when it is done.
type RefreshSurveyMsg struct{ Host *Context }

// SurveyFailedMsg tells the screens that reading the host survey failed;
// Context.Survey keeps what it held.
type SurveyFailedMsg struct {
	Host *Context
	Err  error
}

// RetryHostsMsg asks the root to try every host that is down now (the
// merged domain list's r while some host is down).
type RetryHostsMsg struct{}

// BackMsg asks the root to pop the current screen (it has already asked
// about unapplied changes).
type BackMsg struct{}

// QuitMsg asks the root to quit (the root asks first when a screen is dirty).
type QuitMsg struct{}

// ErrorMsg asks the root to show a dismissible error box. Host, when set,
// is the host the error came from: the box names it among several, and a
// lost connection reconnects that host.
type ErrorMsg struct {
	Host  *Context
	Title string
	Err   error
}

// StatusLevel colours the status line.
type StatusLevel int

const (
	StatusInfo StatusLevel = iota
	StatusOK
	StatusWarn
	StatusError
)

// StatusMsg sets the status line. Detail is the rest of the story (what
// each field of a write did, and why), kept in the message log.
type StatusMsg struct {
	Text   string
	Level  StatusLevel
	Detail string
}

// DialogMsg asks the root to open a dialog; its choices' messages come back
// to the screens like any command's result.
type DialogMsg struct{ Dialog dialog.Model }

// Ask is the command that opens d.
func Ask(d dialog.Model) tea.Cmd { return func() tea.Msg { return DialogMsg{Dialog: d} } }
