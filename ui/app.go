// Package ui is virtnic's terminal UI. App is the only tea.Model: it owns
// the screen stack and the chrome around it (header, status row, help bar,
// "?" overlay, error box, quit confirmation), libvirt events and
// reconnecting. Screens (ui/domainlist, ui/details) implement common.Screen.
package ui

import (
	"fmt"
	"io"
	"log"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"

	"virtnic/ui/components/dialog"
	"virtnic/ui/components/errorbox"
	"virtnic/ui/components/help"
	"virtnic/ui/components/statusbar"
	"virtnic/ui/details"
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

// Internal messages. gen ties event messages to one subscription, so a
// subscription replaced by a reconnect cannot deliver into the new one.
type (
	eventMsg struct {
		gen int
		ev  libvirtx.Event
		ok  bool // false: the channel was closed
	}
	subscribedMsg struct {
		conn *libvirtx.Conn
		ch   <-chan libvirtx.Event
		stop func()
		err  error
	}
	reconnectTickMsg struct{ seq int }
	quitNowMsg       struct{}
)

// App is the root model.
type App struct {
	ctx   *common.Context
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

	events     <-chan libvirtx.Event
	stopEvents func()
	gen        int
	// noEvents leaves events off, so unit tests can drain commands without
	// one of them blocking on the event channel.
	noEvents bool
	statsOut bool // a counters poll is in flight

	// opener opens the first connection (Run's Options.Open); sshFirst
	// says it may run the ssh binary, which asks on the terminal itself.
	opener   Opener
	sshFirst bool
	// send is the program's Send, for libvirt's questions from a command
	// (nil in unit tests: nothing can be asked); done is closed by
	// Shutdown, so a question still waiting gives up.
	send func(tea.Msg)
	done chan struct{}

	opening    bool  // an attempt to connect is in flight
	told       bool  // this attempt said "connecting to HOST" on the terminal it was handed
	connectErr error // why the first connection failed

	reconnecting bool
	lastTry      string // why the last reconnect attempt failed
	failures     int    // reconnect attempts failed since the loss
	stopped      bool   // a refused login stopped the attempts until r
	seq          int    // voids scheduled attempts and countdowns when r or success overtakes them
	waitLeft     int    // seconds until the scheduled attempt, for the status line
	// retired holds connections replaced by a reconnect. They are closed
	// only at exit: a screen's command may still be using one, and closing
	// it under that call would crash it instead of letting it fail.
	retired []*libvirtx.Conn
}

// New builds the root with the domain list as its first screen, on
// ctx.Conn; without one, the first screen says "connecting to HOST…" and
// Init opens the connection with open.
func New(ctx *common.Context) *App { return newRoot(ctx, nil) }

func newRoot(ctx *common.Context, open Opener) *App {
	if ctx.Log == nil {
		ctx.Log = log.New(io.Discard, "", 0)
	}
	if ctx.Styles == nil {
		ctx.Styles = styles.New(false)
	}
	a := &App{ctx: ctx, keys: defaultRootKeys(), help: help.New(ctx.Styles), opener: open, done: make(chan struct{})}
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

// Init loads the domain list and subscribes to libvirt events, or first
// opens the connection.
func (a *App) Init() tea.Cmd {
	if a.ctx.Conn == nil {
		return tea.Batch(a.openFirst(), a.statsTick())
	}
	cmds := []tea.Cmd{a.statsTick()}
	if s, ok := a.stack[0].(interface{ Init() tea.Cmd }); ok {
		cmds = append(cmds, a.safeCmd(s.Init()))
	}
	cmds = append(cmds, a.subscribe(a.ctx.Conn), a.loadSurvey())
	return tea.Batch(cmds...)
}

func (a *App) top() common.Screen { return a.stack[len(a.stack)-1] }

func (a *App) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

// Update routes a message: window size, keys and the root's own messages
// are handled here; everything else is a screen command's result and goes
// to every screen (a list reload may land while details is on top).
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := a.chromeMsg(msg); ok {
		return a, cmd
	}
	if cmd, ok := a.connMsg(msg); ok {
		return a, cmd
	}
	return a, a.screenResult(msg)
}

// chromeMsg handles the window, keys, navigation, dialogs and the status
// line.
func (a *App) chromeMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		return a.key(msg), true
	case common.OpenDomainMsg:
		a.status.Clear() // it spoke of the screen being left
		return a.open(msg.Name, msg.MAC), true
	case common.OpenHostNetMsg:
		a.status.Clear()
		return a.openHostNet(), true
	case common.RefreshSurveyMsg:
		return a.loadSurvey(), true
	case common.BackMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
			a.status.Clear()
		}
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

func (a *App) errorBox(msg common.ErrorMsg) tea.Cmd {
	a.ctx.Logf("error box: %s: %v", msg.Title, msg.Err)
	a.record(common.StatusError, msg.Title, fmt.Sprint(msg.Err))
	a.push(errorbox.Dialog(msg.Title, msg.Err))
	if libvirtx.IsConnectionLost(msg.Err) {
		return a.connLost(msg.Err.Error())
	}
	return nil
}

// connMsg handles libvirt events, reconnecting and the host survey.
func (a *App) connMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case subscribedMsg:
		return a.subscribed(msg), true
	case eventMsg:
		return a.eventArrived(msg), true
	case common.DomainEventMsg:
		if msg.Event.Kind == libvirtx.EventClosed {
			return a.connLost(msg.Event.Detail), true
		}
		return tea.Batch(a.broadcast(msg), a.surveyEvent(msg.Event)), true
	case common.SurveyMsg:
		return a.surveyed(msg), true
	case common.SurveyDomainMsg:
		return a.surveyedDomain(msg), true
	case common.ConnLostMsg:
		return a.connLost(msg.Reason), true
	case reconnectTickMsg:
		return a.ticked(msg), true
	case countdownMsg:
		return a.counted(msg), true
	case common.ReconnectedMsg:
		return a.reconnected(msg), true
	case openedMsg:
		return a.opened(msg), true
	case promptMsg:
		return a.prompt(msg), true
	case statsTickMsg:
		return a.pollStats(), true
	case common.NetStatsMsg:
		return a.statsArrived(msg), true
	}
	return nil, false
}

func (a *App) eventArrived(msg eventMsg) tea.Cmd {
	if msg.gen != a.gen {
		return nil
	}
	if !msg.ok {
		a.ctx.Logf("event stream ended")
		a.events, a.stopEvents = nil, nil
		return nil
	}
	a.ctx.Logf("event: %+v", msg.ev)
	_, cmd := a.Update(common.DomainEventMsg{Event: msg.ev})
	return tea.Batch(a.wait(), cmd)
}

// screenResult gives a screen command's result to every screen (a list
// reload may land while details is on top), folds a loaded domain into the
// survey, and notices a lost connection.
func (a *App) screenResult(msg tea.Msg) tea.Cmd {
	cmd := a.broadcast(msg)
	if dl, ok := msg.(common.DomainLoadedMsg); ok {
		cmd = tea.Batch(cmd, a.surveyLoaded(dl))
	}
	if err := resultErr(msg); libvirtx.IsConnectionLost(err) {
		cmd = tea.Batch(cmd, a.connLost(err.Error()))
	}
	return cmd
}

// key gives the top dialog the keyboard, then the root's own keys, then
// the top screen.
func (a *App) key(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste && !a.capturing() {
		return a.splitRunes(k)
	}
	if len(a.dialogs) > 0 {
		return a.dialogKey(k)
	}
	if cmd, ok := a.table().Dispatch(k, nil); ok {
		return cmd
	}
	if a.tooSmall() {
		return nil // the screen cannot be seen: acting on keys would be blind
	}
	return a.updateScreen(len(a.stack)-1, k)
}

// capturing: a text field has the keyboard (no dialog above it).
func (a *App) capturing() bool { return len(a.dialogs) == 0 && a.top().Capturing() }

// splitRunes handles keys that arrived together as one message. bubbletea
// reads everything the terminal sent at once and merges consecutive letters
// into one KeyMsg, which no single-key binding matches: "jjj" from key
// repeat over a slow SSH link, or keys sent by a script, would vanish.
// Each letter is handled on its own until a text field takes focus; the
// field then gets the rest as typed text.
func (a *App) splitRunes(k tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	rs := k.Runes
	for len(rs) > 0 && !a.quitting {
		if a.capturing() {
			cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: rs, Alt: k.Alt}))
			break
		}
		cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: rs[:1], Alt: k.Alt}))
		rs = rs[1:]
	}
	return tea.Sequence(cmds...)
}

func (a *App) dirty() bool {
	for _, s := range a.stack {
		if s.Dirty() {
			return true
		}
	}
	return false
}

func (a *App) requestQuit() tea.Cmd {
	if !a.dirty() {
		a.quitting = true
		return tea.Quit
	}
	a.push(dialog.New("Quit with unapplied changes?", "Edits that have not been applied will be lost.", "",
		dialog.Choice{Key: quitChoice, Label: "quit", Msg: quitNowMsg{}},
		dialog.Choice{Key: stayChoice, Label: "stay"}))
	return nil
}

func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	if a.tooSmall() {
		return // screens keep their last usable size until the window grows back
	}
	a.ctx.Width, a.ctx.Height = w, h-chromeRows
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

func (a *App) open(name, mac string) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("opening "+name, r)
			cmd = nil
		}
	}()
	s, cmd := details.New(a.ctx, name)
	s.SelectNIC(mac)
	a.stack = append(a.stack, s)
	if !a.tooSmall() {
		a.setSize(s)
	}
	return a.safeCmd(cmd)
}

// broadcast gives msg to every screen, bottom first.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i := range a.stack {
		cmds = append(cmds, a.updateScreen(i, msg))
	}
	return tea.Batch(cmds...)
}

// updateScreen survives a panicking screen: the session (and its other
// screens) stays usable and the user sees an error box instead of losing
// the terminal.
func (a *App) updateScreen(i int, msg tea.Msg) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("handling "+fmt.Sprintf("%T", msg), r)
			cmd = nil
		}
	}()
	s, cmd := a.stack[i].Update(msg)
	if s != nil {
		a.stack[i] = s
	}
	return a.safeCmd(cmd)
}

func (a *App) recoverScreen(what string) {
	if r := recover(); r != nil {
		a.panicked(what, r)
	}
}

func (a *App) panicked(what string, r any) {
	a.ctx.Logf("panic while %s: %v\n%s", what, r, debug.Stack())
	a.push(errorbox.Dialog("Internal error",
		fmt.Errorf("virtnic failed while %s: %v. Press r to reload; --log FILE records details", what, r)))
}

// safeCmd turns a panic inside a command (which runs on its own goroutine)
// into an error box instead of ending the program.
func (a *App) safeCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	log := a.ctx.Log
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("panic in command: %v\n%s", r, debug.Stack())
				msg = common.ErrorMsg{Title: "Internal error", Err: fmt.Errorf("a background task failed: %v", r)}
			}
		}()
		return cmd()
	}
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
