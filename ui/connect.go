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

// Opener opens the connection the user asked for, answering libvirt's
// questions with p. Run calls it in a command, after the first frame (which
// says "connecting to HOST…") is drawn, and again when r retries a first
// open that failed.
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
	// openedMsg ends an attempt at the first connection.
	openedMsg struct {
		conn *libvirtx.Conn
		err  error
	}
	// promptMsg asks the root to give libvirt's questions the terminal;
	// the answer (nil, or why there is none) goes back on reply.
	promptMsg struct {
		creds []libvirtx.Credential
		reply chan<- error
	}
	countdownMsg struct{ seq int }
)

// disconnected: no connection to use, the first one not yet open or the
// last one lost.
func (a *App) disconnected() bool { return a.ctx.Conn == nil || a.reconnecting }

// openFirst starts an attempt at the first connection.
func (a *App) openFirst() tea.Cmd {
	a.opening = true
	a.connectErr = nil
	a.ctx.Logf("connecting to %s", a.ctx.HostName())
	open := a.opener
	if open == nil {
		return func() tea.Msg { return openedMsg{err: errors.New("ui: no connection to open")} }
	}
	done := func(c *libvirtx.Conn, err error) tea.Msg { return openedMsg{conn: c, err: err} }
	return a.interactive(open, a.sshFirst, done)
}

// interactive runs open where the user can answer what it asks. When ssh
// may ask on the terminal by itself, the terminal is handed over for the
// whole open (tea.Exec releases and restores it); otherwise the open runs
// in the background and only libvirt's own questions take the terminal,
// one round trip each (promptMsg).
func (a *App) interactive(open Opener, ssh bool, done func(*libvirtx.Conn, error) tea.Msg) tea.Cmd {
	a.told = false
	if ssh {
		a.told = true
		e := &openExec{open: open, host: a.ctx.HostName()}
		return tea.Exec(e, func(error) tea.Msg { return done(e.conn, e.err) })
	}
	p := uiPrompter{send: a.send, done: a.done}
	return func() tea.Msg { c, err := open(p); return done(c, err) }
}

func (a *App) opened(msg openedMsg) tea.Cmd {
	a.opening = false
	if a.ctx.Conn != nil || a.quitting {
		if msg.conn != nil {
			a.retired = append(a.retired, msg.conn)
		}
		return nil
	}
	if msg.err != nil {
		a.connectErr = msg.err
		a.ctx.Logf("connect failed: %v", msg.err)
		a.record(common.StatusError, "Cannot connect to "+a.ctx.HostName(), msg.err.Error())
		return nil
	}
	c := msg.conn
	a.ctx.Conn, a.ctx.URI, a.ctx.Host = c, c.URI(), c.Display()
	a.ctx.ReadOnly = a.ctx.ReadOnly || c.ReadOnly()
	a.ctx.Demo = a.ctx.Demo || c.Demo()
	a.ctx.Logf("connected to %s (libvirt: %s)", a.ctx.HostName(), model.DisplayURI(c.URI()))
	l := domainlist.New(a.ctx)
	a.stack = []common.Screen{l}
	if !a.tooSmall() {
		a.setSize(l)
	}
	if a.ctx.Demo {
		a.status = a.demoStatus()
	}
	return tea.Batch(a.safeCmd(l.Init()), a.subscribe(c), a.loadSurvey())
}

// retryNow is r while disconnected: an attempt now, which may ask.
func (a *App) retryNow() tea.Cmd {
	if a.opening {
		a.status.Set(common.StatusMsg{Text: "already connecting to " + a.ctx.HostName() + "…", Level: common.StatusInfo})
		return nil
	}
	a.seq++ // the scheduled attempt and countdown are void
	a.stopped = false
	if a.ctx.Conn == nil {
		return a.openFirst()
	}
	a.opening = true
	return a.reconnect(true)
}

// prompt gives the terminal to libvirt's questions.
func (a *App) prompt(msg promptMsg) tea.Cmd {
	a.ctx.Logf("libvirt asks %d question(s)", len(msg.creds))
	e := &promptExec{creds: msg.creds, reply: msg.reply}
	if !a.told {
		// Once per attempt: libvirt may ask one question at a time.
		e.host, a.told = a.ctx.HostName(), true
	}
	return tea.Exec(e, nil)
}

// uiPrompter answers libvirt's questions from the open's goroutine by a
// round trip through the program: the root hands the terminal over while
// they are asked.
type uiPrompter struct {
	send func(tea.Msg)
	done <-chan struct{}
}

func (p uiPrompter) Prompt(creds []libvirtx.Credential) error {
	if p.send == nil {
		return errors.New("the terminal UI cannot ask here")
	}
	reply := make(chan error, 1)
	p.send(promptMsg{creds: creds, reply: reply})
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
