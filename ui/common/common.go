// Package common holds what every screen of the terminal UI shares: the
// Screen contract, the program context, the typed messages and the tea.Cmds
// that do libvirt I/O. Only ui.App implements tea.Model; screens implement
// Screen and return themselves from Update.
package common

import (
	"log"
	"virtnic/audit"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/styles"
)

// Screen is one full-window screen (domain list, hardware details).
type Screen interface {
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(w, h int)
	// ShortHelp and FullHelp feed the help bar and the "?" overlay. In
	// read-only mode edit bindings are disabled, so they vanish from both.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing is true while a text input has focus: the root then passes
	// every key through, so letters typed into a field never trigger actions.
	Capturing() bool
	// Dirty is true while the screen holds unapplied edits: the root asks
	// before quitting.
	Dirty() bool
}

// Context is one host's, shared by the screens that show it (host.go).
// Conn is replaced after a reconnect, so screens read it when they build a
// command, never keep their own copy. Styles, Log and the size are the
// same in every host's Context.
type Context struct {
	Conn *libvirtx.Conn // nil until the first connection opens
	URI  string         // libvirt's URI of Conn, for reconnecting to the same host
	// Host is what the UI calls the connection: the URI or alias the user
	// gave, without credentials (libvirtx.Conn.Display). HostName falls
	// back on URI when it is empty.
	Host string
	// Label is the host's short name among several (the HOST column, the
	// header, messages); "" when the session has one host.
	Label string
	// ShowHost: the session shows several hosts, so screens of one host
	// name it in their title.
	ShowHost bool
	// Link is the connection's state; only the root sets it.
	Link     Link
	ReadOnly bool
	Demo     bool
	// Survey is the host survey of Conn, nil until it is read. Only the
	// root replaces it; screens read it when a SurveyUpdatedMsg arrives.
	Survey *model.HostSurvey
	// Findings are what virtnic check finds on this host's survey (with
	// the rules across the hosts shown), set by the root with Survey.
	Findings []audit.Finding
	Styles   *styles.Styles
	Log      *log.Logger // never nil; discards unless --log FILE
	// Size of the area a screen may draw in (the root's chrome subtracted).
	Width, Height int
}

// HostName is how the header and messages name the connection: its label
// among several hosts, else the URI or alias as given.
func (c *Context) HostName() string {
	switch {
	case c.Label != "":
		return c.Label
	case c.Host != "":
		return c.Host
	case c.URI == "":
		return "libvirt's default URI"
	}
	return model.DisplayURI(c.URI)
}

// FullName is the host as the user named it, with its label when they
// differ: what the terminal heading says before libvirt or ssh ask.
func (c *Context) FullName() string {
	full := c.Host
	if full == "" {
		full = (&Context{URI: c.URI}).HostName()
	}
	if c.Label == "" || c.Label == full {
		return full
	}
	return c.Label + " (" + full + ")"
}

// Logf logs to --log FILE; nothing is ever printed over the UI.
func (c *Context) Logf(format string, args ...any) {
	if c != nil && c.Log != nil {
		c.Log.Printf(format, args...)
	}
}
