package common

import (
	"virtnic/libvirtx"
	"virtnic/model"
)

// DomainsLoadedMsg carries the domain list (LoadDomains).
type DomainsLoadedMsg struct {
	Domains []model.DomainInfo
	Err     error
}

// DomainLoadedMsg carries one domain with everything its NIC form needs
// (LoadDomain): the domain, the sources it can connect to and the
// connection-wide validation context.
type DomainLoadedMsg struct {
	Name           string
	Domain         *libvirtx.Domain
	Sources        model.Sources
	SourceWarnings []string
	EditContext    model.Context
	Err            error
}

// WriteOp names a write for plan and result messages.
type WriteOp string

const (
	OpSet    WriteOp = "set"
	OpAdd    WriteOp = "add"
	OpRemove WriteOp = "remove"
)

// PlanMsg is a dry run's result, shown in a confirmation before writing.
type PlanMsg struct {
	Op     WriteOp
	Index  int
	NIC    model.NIC // what will be written (set/add)
	Result *libvirtx.Result
	Err    error
}

// WriteDoneMsg is a write's result.
type WriteDoneMsg struct {
	Op     WriteOp
	Result *libvirtx.Result
	Err    error
}

// DomainEventMsg is a libvirt event (lifecycle, device, connection closed).
type DomainEventMsg struct{ Event libvirtx.Event }

// ConnLostMsg says the connection died; the root reconnects.
type ConnLostMsg struct{ Reason string }

// ReconnectedMsg reports a reconnect attempt.
type ReconnectedMsg struct {
	Conn *libvirtx.Conn
	Err  error
}

// OpenDomainMsg asks the root to open a domain's hardware details.
type OpenDomainMsg struct{ Name string }

// BackMsg asks the root to pop the current screen (it has already asked
// about unapplied changes).
type BackMsg struct{}

// QuitMsg asks the root to quit (the root asks first when a screen is dirty).
type QuitMsg struct{}

// ErrorMsg asks the root to show a dismissible error box.
type ErrorMsg struct {
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

// StatusMsg sets the status line.
type StatusMsg struct {
	Text  string
	Level StatusLevel
}
