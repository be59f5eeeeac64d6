// Package ui is virtnic's terminal UI. App is the only tea.Model: it owns
// the screen stack and the chrome around it (header, status row, help bar,
// "?" overlay, error box, quit confirmation), and one session per host
// with its events and reconnecting (session.go). Screens (ui/domainlist,
// ui/details, ui/hostnet) implement common.Screen.
package ui

import (
	"fmt"
	"io"
	"log"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"

	"virtnic/ui/components/dialog"
	"virtnic/ui/components/errorbox"
	"virtnic/ui/components/help"
	"virtnic/ui/components/statusbar"
	"virtnic/ui/domainlist"
	"virtnic/ui/styles"
)

// The smallest window the layout is designed for (docs/tui.md); below it
// the root draws only a notice instead of a garbled screen.
const (
	minWidth  = 60
	minHeight = 16
	// header, status row and help bar
	chromeRows = 3
)

const (
	lostText  = "connection to libvirt lost — reconnecting…"
	demoStart = "demo host: changes live only in this process"
)

// Internal messages. Each carries the session it is about; gen ties event
// messages to one subscription, so a subscription replaced by a reconnect
// cannot deliver into the new one.
type (
	eventMsg struct {
		s   *session
		gen int
		ev  libvirtx.Event
		ok  bool // false: the channel was closed
	}
	subscribedMsg struct {
		s    *session
		conn *libvirtx.Conn
		ch   <-chan libvirtx.Event
		stop func()
		err  error
	}
	reconnectTickMsg struct {
		s   *session
		seq int
	}
	quitNowMsg struct{}
)

// App is the root model.
type App struct {
	// *session is the first host's session. With one host (the usual
	// case) it is the only one and the root reads as it always did; what
	// concerns hosts in general walks sessions, and a host's message goes
	// to its own session (sessionFor).
	*session
	sessions []*session
	// lastCheck is when the hosts' findings were last worked out;
	// recheckDue, that another check is scheduled (survey.go).
	lastCheck  time.Time
	recheckDue bool

	stack []common.Screen
	keys  rootKeys
	help  help.Model

	width, height int

	// dialogs is the one modal stack: confirmations, prompts and menus
	// screens ask for, error boxes, the quit question and the help
	// overlay. The top one has the keyboard.
	dialogs  []dialog.Model
	status   statusbar.Model
	messages []logEntry // every status and error so far, for the message log
	quitting bool

	// noEvents leaves events off, so unit tests can drain commands without
	// one of them blocking on the event channel.
	noEvents bool

	// send is the program's Send, for libvirt's questions from a command
	// (nil in unit tests: nothing can be asked); done is closed by
	// Shutdown, so a question still waiting gives up.
	send func(tea.Msg)
	done chan struct{}
	// term is whose open has the terminal for its questions.
	term terminal
}

// New builds the root with the domain list as its first screen, on
// ctx.Conn; without one, the first screen says "connecting to HOST…" and
// Init opens the connection with open.
func New(ctx *common.Context) *App { return newRoot(ctx, nil) }

func newRoot(ctx *common.Context, open Opener) *App {
	return newHosts([]*common.Context{ctx}, []Opener{open})
}

// newHosts builds the root of one session per host, opens[i] opening
// hosts[i] when its Conn is nil. Styles and the log are the first host's,
// shared by all. Several hosts start on the merged domain list, whose rows
// say which are still connecting.
func newHosts(hosts []*common.Context, opens []Opener) *App {
	ctx := hosts[0]
	if ctx.Log == nil {
		ctx.Log = log.New(io.Discard, "", 0)
	}
	if ctx.Styles == nil {
		ctx.Styles = styles.New(false)
	}
	a := &App{keys: defaultRootKeys(), help: help.New(ctx.Styles), done: make(chan struct{})}
	for i, h := range hosts {
		h.Log, h.Styles = ctx.Log, ctx.Styles
		s := &session{app: a, ctx: h}
		if i < len(opens) {
			s.opener = opens[i]
		}
		a.sessions = append(a.sessions, s)
	}
	a.session = a.sessions[0]
	a.syncLinks()
	if a.multi() {
		labelHosts(hosts)
		a.stack = []common.Screen{domainlist.New(hosts...)}
		return a
	}
	if ctx.Conn == nil {
		a.stack = []common.Screen{&connectScreen{app: a}}
		return a
	}
	a.stack = []common.Screen{domainlist.New(ctx)}
	if ctx.Demo {
		a.status = a.demoStatus()
	}
	return a
}

func (a *App) demoStatus() statusbar.Model {
	return statusbar.Model{Text: demoStart, Level: common.StatusInfo}
}

// Init loads the domain list and, per host, subscribes to libvirt events,
// or first opens the connection.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.statsTick()}
	if s, ok := a.stack[0].(interface{ Init() tea.Cmd }); ok {
		cmds = append(cmds, a.safeCmd(s.Init()))
	}
	for _, s := range a.sessions {
		cmds = append(cmds, s.start())
	}
	return tea.Batch(cmds...)
}

func (a *App) top() common.Screen { return a.stack[len(a.stack)-1] }

func (a *App) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

// Update routes a message: window size, keys and the root's own messages
// are handled here; everything else is a screen command's result and goes
// to every screen of its host (a list reload may land while details is on
// top).
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.update(msg)
	a.syncLinks()
	return a, cmd
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := a.chromeMsg(msg); ok {
		return cmd
	}
	if cmd, ok := a.navMsg(msg); ok {
		return cmd
	}
	if cmd, ok := a.connMsg(msg); ok {
		return cmd
	}
	return a.screenResult(msg)
}

// chromeMsg handles the window, keys, dialogs and the status line.
func (a *App) chromeMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		return a.key(msg), true
	case common.DialogMsg:
		a.push(msg.Dialog)
	case common.QuitMsg:
		return a.requestQuit(), true
	case quitNowMsg:
		a.quitting = true
		return tea.Quit, true
	case common.StatusMsg:
		a.status.Set(msg)
		a.record(msg.Level, msg.Text, msg.Detail)
	case common.ErrorMsg:
		return a.errorBox(msg), true
	default:
		return nil, false
	}
	return nil, true
}

// navMsg opens and closes screens, on the host the message names.
func (a *App) navMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case common.OpenDomainMsg:
		a.status.Clear() // it spoke of the screen being left
		if s := a.sessionFor(msg.Host); s != nil {
			return a.open(s, msg.Name, msg.MAC), true
		}
	case common.OpenHostNetMsg:
		a.status.Clear()
		if s := a.sessionFor(msg.Host); s != nil {
			return a.openHostNet(s), true
		}
	case recheckMsg:
		return a.recheckNow(), true
	case common.OpenFindingsMsg:
		a.status.Clear()
		return a.openFindings(), true
	case common.RefreshSurveyMsg:
		if s := a.sessionFor(msg.Host); s != nil {
			return s.loadSurvey(), true
		}
	case common.RetryHostsMsg:
		return a.retryDown(), true
	case common.BackMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
			a.status.Clear()
		}
	default:
		return nil, false
	}
	return nil, true
}

func (a *App) errorBox(msg common.ErrorMsg) tea.Cmd {
	title := msg.Title
	if a.multi() && msg.Host != nil {
		title = msg.Host.HostName() + ": " + title
	}
	a.ctx.Logf("error box: %s: %v", title, msg.Err)
	a.record(common.StatusError, title, fmt.Sprint(msg.Err))
	a.push(errorbox.Dialog(title, msg.Err))
	if s := a.sessionFor(msg.Host); s != nil && libvirtx.IsConnectionLost(msg.Err) {
		return s.connLost(msg.Err.Error())
	}
	return nil
}

// connMsg handles libvirt events, (re)connecting, the host survey and the
// counters, each in the session of the host it is about.
func (a *App) connMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case eventMsg:
		return a.eventArrived(msg), true
	case openedMsg:
		return a.opened(msg), true
	case promptMsg:
		return a.prompt(msg), true
	case statsTickMsg:
		return a.pollStats(), true
	}
	s, ok := a.connTarget(msg)
	if !ok {
		return nil, false
	}
	if s == nil {
		a.ctx.Logf("%T for no known host: dropped", msg)
		return nil, true
	}
	return s.connMsg(msg), true
}

// connTarget is the session a connection message is for; ok is false for
// any other message.
func (a *App) connTarget(msg tea.Msg) (s *session, ok bool) {
	switch msg := msg.(type) {
	case subscribedMsg:
		return a.own(msg.s), true
	case reconnectTickMsg:
		return a.own(msg.s), true
	case countdownMsg:
		return a.own(msg.s), true
	case common.DomainEventMsg, common.SurveyMsg, common.SurveyDomainMsg, common.ConnLostMsg,
		common.ReconnectedMsg, common.NetStatsMsg:
		return a.sessionFor(msgHost(msg)), true
	}
	return nil, false
}

func (s *session) connMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case subscribedMsg:
		return s.subscribed(msg)
	case reconnectTickMsg:
		return s.ticked(msg)
	case countdownMsg:
		return s.counted(msg)
	case common.DomainEventMsg:
		return s.domainEvent(msg)
	case common.SurveyMsg:
		return s.surveyed(msg)
	case common.SurveyDomainMsg:
		return s.surveyedDomain(msg)
	case common.ConnLostMsg:
		return s.connLost(msg.Reason)
	case common.ReconnectedMsg:
		return s.reconnected(msg)
	case common.NetStatsMsg:
		return s.statsArrived(msg)
	}
	return nil
}

// screenResult gives a screen command's result to every screen of its host
// (a list reload may land while details is on top), folds a loaded domain
// into the host's survey, and notices a lost connection.
func (a *App) screenResult(msg tea.Msg) tea.Cmd {
	cmd := a.broadcast(msg)
	s := a.sessionFor(msgHost(msg))
	if s == nil {
		return cmd
	}
	if dl, ok := msg.(common.DomainLoadedMsg); ok {
		cmd = tea.Batch(cmd, s.surveyLoaded(dl))
	}
	if err := resultErr(msg); libvirtx.IsConnectionLost(err) {
		cmd = tea.Batch(cmd, s.connLost(err.Error()))
	}
	return cmd
}

func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	if a.tooSmall() {
		return // screens keep their last usable size until the window grows back
	}
	for _, s := range a.sessions {
		s.ctx.Width, s.ctx.Height = w, h-chromeRows
	}
	for _, s := range a.stack {
		a.setSize(s)
	}
	for i := range a.dialogs {
		a.dialogs[i].SetSize(a.ctx.Width, a.ctx.Height, a.ctx.Styles)
	}
}

func (a *App) setSize(s common.Screen) {
	defer a.recoverScreen("resizing the screen")
	s.SetSize(a.ctx.Width, a.ctx.Height)
}

// resultErr is the error carried by a screen command's result.
func resultErr(msg tea.Msg) error {
	switch m := msg.(type) {
	case common.DomainsLoadedMsg:
		return m.Err
	case common.DomainLoadedMsg:
		return m.Err
	case common.PlanMsg:
		return m.Err
	case common.WriteDoneMsg:
		return m.Err
	}
	return nil
}
