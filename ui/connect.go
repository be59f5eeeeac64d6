package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/domainlist"
	"virtnic/ui/keymap"
	"virtnic/ui/ttyprompt"
)

// Opener opens a connection the user asked for, answering libvirt's
// questions with p. Run calls it in a command, after the first frame (which
// says "connecting to HOST…") is drawn, and again when r retries a first
// open that failed; one Opener per host.
type Opener func(p libvirtx.Prompter) (*libvirtx.Conn, error)

// Reconnect pacing: 2 s after the loss, doubling to at most a minute.
// Variables so tests need not wait.
var (
	reconnectEvery = 2 * time.Second
	reconnectMax   = 60 * time.Second
)

// backoff is the wait before the next reconnect attempt after failures
// failed ones: base, 2·base, 4·base… and never more than ceiling.
func backoff(failures int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 0; i < failures && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}

// errAutoNoAsk is why an automatic reconnect answered nothing libvirt asked.
var errAutoNoAsk = errors.New("automatic reconnects ask nothing: press r to retry and answer")

type (
	// openedMsg ends an attempt at a host's first connection.
	openedMsg struct {
		s    *session
		conn *libvirtx.Conn
		err  error
	}
	// promptMsg asks the root to give libvirt's questions for a host the
	// terminal; the answer (nil, or why there is none) goes back on reply.
	promptMsg struct {
		s     *session
		creds []libvirtx.Credential
		reply chan<- error
	}
	countdownMsg struct {
		s   *session
		seq int
	}
)

// openFirst starts an attempt at the host's first connection.
func (s *session) openFirst() tea.Cmd {
	s.opening = true
	s.connectErr = nil
	s.ctx.Logf("connecting to %s", s.ctx.FullName())
	open := s.opener
	if open == nil {
		return func() tea.Msg { return openedMsg{s: s, err: errors.New("ui: no connection to open")} }
	}
	done := func(c *libvirtx.Conn, err error) tea.Msg { return openedMsg{s: s, conn: c, err: err} }
	return s.interactive(open, s.sshFirst, done)
}

// interactive runs open where the user can answer what it asks. When ssh
// may ask on the terminal by itself, the terminal is handed over for the
// whole open (tea.Exec releases and restores it); otherwise the open runs
// in the background and only libvirt's own questions take the terminal,
// one round trip each (promptMsg). Either way the host waits for the
// terminal while another host's open has it (terminal.go), so two hosts'
// questions never interleave.
func (s *session) interactive(open Opener, ssh bool, done func(*libvirtx.Conn, error) tea.Msg) tea.Cmd {
	a := s.app
	if ssh {
		return a.withTerminal(s, func(head string) tea.Cmd {
			e := &openExec{open: open, host: head}
			return tea.Exec(e, func(error) tea.Msg { return done(e.conn, e.err) })
		})
	}
	p := uiPrompter{s: s, send: a.send, done: a.done}
	return func() tea.Msg { c, err := open(p); return done(c, err) }
}

func (a *App) opened(msg openedMsg) tea.Cmd {
	s := a.own(msg.s)
	if s == nil {
		return nil
	}
	s.opening = false
	release := a.releaseTerminal(s)
	if s.ctx.Conn != nil || a.quitting {
		if msg.conn != nil {
			s.retired = append(s.retired, msg.conn)
		}
		return release
	}
	if msg.err != nil {
		s.connectErr = msg.err
		s.ctx.Logf("connect to %s failed: %v", s.ctx.FullName(), msg.err)
		if a.multi() {
			s.note(common.StatusError, "cannot connect (r retries, L shows why)", msg.err.Error())
		} else {
			a.record(common.StatusError, "Cannot connect to "+s.ctx.HostName(), msg.err.Error())
		}
		return release
	}
	c := msg.conn
	s.ctx.Conn, s.ctx.URI, s.ctx.Host = c, c.URI(), c.Display()
	s.ctx.ReadOnly = s.ctx.ReadOnly || c.ReadOnly()
	s.ctx.Demo = s.ctx.Demo || c.Demo()
	s.ctx.Logf("connected to %s (libvirt: %s)", s.ctx.FullName(), model.DisplayURI(c.URI()))
	if a.multi() {
		// The merged list lists the host once it hears it is open; the
		// status line no longer says it cannot connect.
		s.note(common.StatusOK, "connected", "")
		return tea.Batch(release, a.broadcast(common.ReconnectedMsg{Host: s.ctx, Conn: c}), s.subscribe(c), s.loadSurvey())
	}
	l := domainlist.New(s.ctx)
	a.stack = []common.Screen{l}
	if !a.tooSmall() {
		a.setSize(l)
	}
	if s.ctx.Demo {
		a.status = a.demoStatus()
	}
	return tea.Batch(release, a.safeCmd(l.Init()), s.subscribe(c), s.loadSurvey())
}

// retryNow is r while the host is down: an attempt now, which may ask.
func (s *session) retryNow() tea.Cmd {
	if s.opening {
		s.app.status.Set(common.StatusMsg{Text: "already connecting to " + s.ctx.HostName() + "…", Level: common.StatusInfo})
		return nil
	}
	s.seq++ // the scheduled attempt and countdown are void
	s.stopped = false
	if s.ctx.Conn == nil {
		return s.openFirst()
	}
	s.opening = true
	return s.reconnect(true)
}

// prompt gives the terminal to libvirt's questions for a host, once no
// other host's open has it.
func (a *App) prompt(msg promptMsg) tea.Cmd {
	s := a.own(msg.s)
	if s == nil {
		msg.reply <- errors.New("the terminal UI cannot ask for an unknown host")
		return nil
	}
	s.ctx.Logf("libvirt asks %d question(s) for %s", len(msg.creds), s.ctx.FullName())
	return a.withTerminal(s, func(head string) tea.Cmd {
		return tea.Exec(&promptExec{creds: msg.creds, reply: msg.reply, host: head}, nil)
	})
}

// uiPrompter answers libvirt's questions from the open's goroutine by a
// round trip through the program: the root hands the terminal over while
// they are asked.
type uiPrompter struct {
	s    *session
	send func(tea.Msg)
	done <-chan struct{}
}

func (p uiPrompter) Prompt(creds []libvirtx.Credential) error {
	if p.send == nil {
		return errors.New("the terminal UI cannot ask here")
	}
	reply := make(chan error, 1)
	p.send(promptMsg{s: p.s, creds: creds, reply: reply})
	select {
	case err := <-reply:
		return err
	case <-p.done:
		return errors.New("virtnic is quitting")
	}
}

// openExec is an open run with the terminal handed over (tea.Exec): ssh
// and libvirt ask on it as they would under virsh.
type openExec struct {
	open   Opener
	host   string
	stderr io.Writer
	conn   *libvirtx.Conn
	err    error
}

// Run opens; ssh and the terminal prompter read /dev/tty themselves, so
// only stderr, for the heading, is kept of what tea.Exec hands over.
func (e *openExec) Run() error {
	say(e.stderr, e.host)
	e.conn, e.err = e.open(ttyprompt.New())
	return nil
}

func (e *openExec) SetStdin(io.Reader)    {}
func (e *openExec) SetStdout(io.Writer)   {}
func (e *openExec) SetStderr(w io.Writer) { e.stderr = w }

// promptExec asks libvirt's questions with the terminal handed over.
type promptExec struct {
	creds  []libvirtx.Credential
	reply  chan<- error
	host   string
	stderr io.Writer
}

func (e *promptExec) SetStdin(io.Reader)    {}
func (e *promptExec) SetStdout(io.Writer)   {}
func (e *promptExec) SetStderr(w io.Writer) { e.stderr = w }

func (e *promptExec) Run() error {
	say(e.stderr, e.host)
	e.reply <- ttyprompt.New().Prompt(e.creds)
	return nil
}

// say heads what ssh or libvirt ask, on the terminal the UI gave up
// (nothing when host is "").
func say(w io.Writer, host string) {
	if w != nil && host != "" {
		fmt.Fprintf(w, "virtnic: connecting to %s…\n", present.Safe(host))
	}
}

// connectScreen is the first screen: "connecting to HOST…" while the first
// connection opens, then why it failed until r retries or q quits.
type connectScreen struct {
	app  *App
	w, h int
}

var connectQuit = keymap.New("q", "quit", "q")

func (s *connectScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, connectQuit) {
		return s, func() tea.Msg { return common.QuitMsg{} }
	}
	return s, nil
}

func (s *connectScreen) View() string {
	a := s.app
	st := a.ctx.Styles
	host := present.Safe(a.ctx.HostName())
	if a.opening || a.connectErr == nil {
		return "\n  " + st.Title.Render("connecting to "+host+"…")
	}
	text := ansi.Wordwrap(present.Safe(a.connectErr.Error()), max(20, s.w-4), " ")
	return "\n  " + st.Error.Render("Cannot connect to "+host) + "\n\n  " +
		strings.ReplaceAll(text, "\n", "\n  ") + "\n\n  " + st.Muted.Render("press r to retry, q to quit")
}

func (s *connectScreen) SetSize(w, h int)          { s.w, s.h = w, h }
func (s *connectScreen) ShortHelp() []key.Binding  { return []key.Binding{connectQuit} }
func (s *connectScreen) FullHelp() [][]key.Binding { return [][]key.Binding{{connectQuit}} }
func (s *connectScreen) Capturing() bool           { return false }
func (s *connectScreen) Dirty() bool               { return false }

var _ common.Screen = (*connectScreen)(nil)

// secondsLeft is d in whole seconds, rounded up: "retrying in 1 s" until
// it happens.
func secondsLeft(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }
