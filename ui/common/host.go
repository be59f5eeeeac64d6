package common

import "strconv"

// A session may show several hosts (virtnic -c hv1 -c hv2). Each host has
// its own Context; the pointer is the host's identity for as long as the
// program runs (its Conn is replaced by a reconnect, the Context is not).
// Every result of a command built for a host names that Context, and so
// does every screen that shows one host, so the root can give a message
// only to the screens of its host.

// HostBound is a message about one host, or a screen that shows one host.
// OnHost is nil for a message that names no host: it is the only host's
// when there is one, and no host's in particular when there are several.
type HostBound interface{ OnHost() *Context }

func (m DomainsLoadedMsg) OnHost() *Context { return m.Host }
func (m DomainLoadedMsg) OnHost() *Context  { return m.Host }
func (m SurveyMsg) OnHost() *Context        { return m.Host }
func (m SurveyDomainMsg) OnHost() *Context  { return m.Host }
func (m SurveyUpdatedMsg) OnHost() *Context { return m.Host }
func (m SurveyFailedMsg) OnHost() *Context  { return m.Host }
func (m PlanMsg) OnHost() *Context          { return m.Host }
func (m WriteDoneMsg) OnHost() *Context     { return m.Host }
func (m DomainEventMsg) OnHost() *Context   { return m.Host }
func (m ConnLostMsg) OnHost() *Context      { return m.Host }
func (m ReconnectedMsg) OnHost() *Context   { return m.Host }
func (m NetStatsMsg) OnHost() *Context      { return m.Host }
func (m AddressesMsg) OnHost() *Context     { return m.Host }

// LinkState is where a host's connection stands.
type LinkState int

// LinkUp is the zero value: a Context built with its connection open (as
// tests and the single-host root build it) is up.
const (
	LinkUp      LinkState = iota
	LinkOpening           // the first open is on its way
	LinkLost              // lost: reconnecting on its own
	LinkFailed            // the first open failed; r tries again
	LinkStopped           // a refused login stopped the reconnects; r tries again
)

// Link is a host's connection state as the root keeps it, for the header
// and the domain list's host rows.
type Link struct {
	State LinkState
	// RetryIn is the seconds until the next automatic attempt while lost;
	// 0 while one is on its way.
	RetryIn int
	// Err is why the first open or the last attempt failed.
	Err string
}

// Down: the host has no usable connection.
func (l Link) Down() bool { return l.State != LinkUp }

// Symbol reads without colour: ● up, … connecting, ○ lost and
// retrying, ✗ failed or stopped (the ASCII frame maps each to one
// character).
func (l Link) Symbol() string {
	switch l.State {
	case LinkUp:
		return "●"
	case LinkOpening:
		return "…"
	case LinkLost:
		return "○"
	}
	return "✗"
}

// Word is the state in a word or three ("" when up).
func (l Link) Word() string {
	switch l.State {
	case LinkOpening:
		return "connecting"
	case LinkLost:
		if l.RetryIn > 0 {
			return "retrying in " + strconv.Itoa(l.RetryIn) + " s"
		}
		return "reconnecting"
	case LinkFailed:
		return "failed"
	case LinkStopped:
		return "refused"
	}
	return ""
}
