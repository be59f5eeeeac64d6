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
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/components/confirm"
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

// reconnectEvery paces reconnect attempts; a variable so tests need not wait.
var reconnectEvery = 2 * time.Second

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
	reconnectTickMsg struct{}
	quitNowMsg       struct{}
)

// App is the root model.
type App struct {
	ctx   *common.Context
	stack []common.Screen
	keys  rootKeys
	help  help.Model

	width, height int

	showHelp bool
	errBox   errorbox.Model
	quitAsk  confirm.Model
	status   statusbar.Model
	quitting bool

	events     <-chan libvirtx.Event
	stopEvents func()
	gen        int
	// noEvents leaves events off, so unit tests can drain commands without
	// one of them blocking on the event channel.
	noEvents bool

	reconnecting bool
	lastTry      string // why the last reconnect attempt failed
	// retired holds connections replaced by a reconnect. They are closed
	// only at exit: a screen's command may still be using one, and closing
	// it under that call would crash it instead of letting it fail.
	retired []*libvirtx.Conn
}

// New builds the root with the domain list as its first screen.
func New(ctx *common.Context) *App {
	if ctx.Log == nil {
		ctx.Log = log.New(io.Discard, "", 0)
	}
	if ctx.Styles == nil {
		ctx.Styles = styles.New(false)
	}
	a := &App{ctx: ctx, keys: defaultRootKeys(), help: help.New(ctx.Styles)}
	a.stack = []common.Screen{domainlist.New(ctx)}
	if ctx.Demo {
		a.status = statusbar.Model{Text: demoStart, Level: common.StatusInfo}
	}
	return a
}

// Init loads the domain list and subscribes to libvirt events.
func (a *App) Init() tea.Cmd {
	var cmds []tea.Cmd
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
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, nil
	case tea.KeyMsg:
		return a, a.key(msg)

	case common.OpenDomainMsg:
		return a, a.open(msg.Name)
	case common.BackMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
			a.showHelp = false
		}
		return a, nil
	case common.QuitMsg:
		return a, a.requestQuit()
	case quitNowMsg:
		a.quitting = true
		return a, tea.Quit
	case common.StatusMsg:
		a.status.Set(msg)
		return a, nil
	case common.ErrorMsg:
		a.ctx.Logf("error box: %s: %v", msg.Title, msg.Err)
		a.errBox = errorbox.New(msg.Title, msg.Err)
		a.showHelp = false
		if libvirtx.IsConnectionLost(msg.Err) {
			return a, a.connLost(msg.Err.Error())
		}
		return a, nil

	case subscribedMsg:
		return a, a.subscribed(msg)
	case eventMsg:
		if msg.gen != a.gen {
			return a, nil
		}
		if !msg.ok {
			a.ctx.Logf("event stream ended")
			a.events, a.stopEvents = nil, nil
			return a, nil
		}
		a.ctx.Logf("event: %+v", msg.ev)
		_, cmd := a.Update(common.DomainEventMsg{Event: msg.ev})
		return a, tea.Batch(a.wait(), cmd)
	case common.DomainEventMsg:
		if msg.Event.Kind == libvirtx.EventClosed {
			return a, a.connLost(msg.Event.Detail)
		}
		return a, tea.Batch(a.broadcast(msg), a.surveyEvent(msg.Event))
	case common.SurveyMsg:
		return a, a.surveyed(msg)
	case common.SurveyDomainMsg:
		return a, a.surveyedDomain(msg)
	case common.ConnLostMsg:
		return a, a.connLost(msg.Reason)
	case reconnectTickMsg:
		if !a.reconnecting {
			return a, nil
		}
		return a, a.reconnect()
	case common.ReconnectedMsg:
		return a, a.reconnected(msg)
	}

	cmd := a.broadcast(msg)
	if dl, ok := msg.(common.DomainLoadedMsg); ok {
		cmd = tea.Batch(cmd, a.surveyLoaded(dl))
	}
	if err := resultErr(msg); libvirtx.IsConnectionLost(err) {
		cmd = tea.Batch(cmd, a.connLost(err.Error()))
	}
	return a, cmd
}

// key gives modal layers the first look, in the order they are drawn on top
// of each other, so esc closes the topmost one only.
func (a *App) key(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste && !a.top().Capturing() {
		return a.splitRunes(k)
	}
	if a.quitAsk.Open() {
		var cmd tea.Cmd
		a.quitAsk, cmd = a.quitAsk.Update(k)
		return cmd
	}
	if key.Matches(k, a.keys.Quit) {
		return a.requestQuit()
	}
	if a.tooSmall() {
		return nil // the screen cannot be seen: acting on keys would be blind
	}
	if a.errBox.Open() {
		if key.Matches(k, errorbox.Dismiss) {
			a.errBox.Close()
		}
		return nil
	}
	if a.showHelp {
		if key.Matches(k, a.keys.CloseHelp) {
			a.showHelp = false
		}
		return nil
	}
	if key.Matches(k, a.keys.Help) && !a.top().Capturing() {
		a.showHelp = true
		return nil
	}
	return a.updateScreen(len(a.stack)-1, k)
}

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
		if a.top().Capturing() {
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
	a.quitAsk = confirm.New("Quit with unapplied changes?",
		"Edits that have not been applied will be lost.",
		confirm.Choice{Key: quitChoice, Label: "quit", Msg: quitNowMsg{}},
		confirm.Choice{Key: stayChoice, Label: "stay"})
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
}

func (a *App) setSize(s common.Screen) {
	defer a.recoverScreen("resizing the screen")
	s.SetSize(a.ctx.Width, a.ctx.Height)
}

func (a *App) open(name string) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("opening "+name, r)
			cmd = nil
		}
	}()
	s, cmd := details.New(a.ctx, name)
	a.stack = append(a.stack, s)
	if !a.tooSmall() {
		a.setSize(s)
	}
	a.showHelp = false
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
	a.errBox = errorbox.New("Internal error",
		fmt.Errorf("virtnic failed while %s: %v. Press r to reload; --log FILE records details", what, r))
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

// ---- events and reconnecting ----

// subscribe runs Events in a command because it talks to libvirt.
func (a *App) subscribe(c *libvirtx.Conn) tea.Cmd {
	if a.noEvents || c == nil {
		return nil
	}
	return func() tea.Msg {
		ch, stop, err := c.Events()
		return subscribedMsg{conn: c, ch: ch, stop: stop, err: err}
	}
}

func (a *App) subscribed(msg subscribedMsg) tea.Cmd {
	if msg.err != nil {
		a.ctx.Logf("no live updates: %v", msg.err)
		if libvirtx.IsConnectionLost(msg.err) && msg.conn == a.ctx.Conn {
			return a.connLost(msg.err.Error())
		}
		return nil
	}
	if msg.conn != a.ctx.Conn || a.quitting || a.reconnecting {
		stop := msg.stop
		return func() tea.Msg { stop(); return nil }
	}
	a.gen++
	a.events, a.stopEvents = msg.ch, msg.stop
	return a.wait()
}

// wait is re-armed after every event: one command blocks on the channel at
// a time.
func (a *App) wait() tea.Cmd {
	ch, gen := a.events, a.gen
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		return eventMsg{gen: gen, ev: ev, ok: ok}
	}
}

func (a *App) connLost(reason string) tea.Cmd {
	if a.reconnecting || a.quitting {
		return nil
	}
	a.ctx.Logf("connection lost (%s); reconnecting", reason)
	a.reconnecting = true
	a.lastTry = ""
	a.gen++ // whatever the old subscription still delivers is stale now
	cmds := []tea.Cmd{a.tick()}
	if stop := a.stopEvents; stop != nil {
		// Deregistering talks to libvirt, so it too runs as a command.
		cmds = append(cmds, func() tea.Msg { stop(); return nil })
	}
	a.events, a.stopEvents = nil, nil
	return tea.Batch(cmds...)
}

func (a *App) tick() tea.Cmd {
	return tea.Tick(reconnectEvery, func(time.Time) tea.Msg { return reconnectTickMsg{} })
}

func (a *App) reconnect() tea.Cmd {
	demo, ro, uri := a.ctx.Demo, a.ctx.ReadOnly, a.ctx.URI
	return func() tea.Msg {
		var (
			c   *libvirtx.Conn
			err error
		)
		// The demo's node file was deleted once it was loaded, so its URI
		// cannot be reopened: a fresh demo host is the only way back.
		if demo {
			c, err = libvirtx.OpenDemo(ro)
		} else {
			c, err = libvirtx.Open(uri, ro)
		}
		return common.ReconnectedMsg{Conn: c, Err: err}
	}
}

func (a *App) reconnected(msg common.ReconnectedMsg) tea.Cmd {
	if !a.reconnecting {
		if msg.Conn != nil {
			a.retired = append(a.retired, msg.Conn)
		}
		return nil
	}
	if msg.Err != nil || msg.Conn == nil {
		if msg.Err != nil {
			a.lastTry = msg.Err.Error()
		}
		a.ctx.Logf("reconnect failed: %v", msg.Err)
		return a.tick()
	}
	a.retired = append(a.retired, a.ctx.Conn)
	a.ctx.Conn = msg.Conn
	a.ctx.Survey = nil
	a.reconnecting = false
	a.lastTry = ""
	text := "reconnected to " + a.ctx.URI
	if a.ctx.Demo {
		text = "reconnected: the demo host started afresh, earlier demo changes are gone"
	}
	a.status = statusbar.Model{Text: text, Level: common.StatusOK}
	a.ctx.Logf("%s", text)
	// Screens re-read on ReconnectedMsg; a dirty form keeps its edits.
	return tea.Batch(a.subscribe(msg.Conn), a.broadcast(msg), a.loadSurvey())
}

// Shutdown ends the event subscription and closes every connection the
// session used. Run calls it after the program ends.
func (a *App) Shutdown() {
	if a.stopEvents != nil {
		a.stopEvents()
		a.stopEvents = nil
	}
	for _, c := range a.retired {
		_ = c.Close()
	}
	a.retired = nil
	_ = a.ctx.Conn.Close()
}

// ---- view ----

// View draws header, screen, status row and help bar, with the help
// overlay, error box and quit confirmation on top of the screen area.
//
// The frame passes present.SafeFrame last: a C1 control, bidi override or
// zero-width character from any libvirt string, wherever a screen drew it,
// reaches the terminal escaped. The ESC only styling emits passes; strings
// that could carry a raw ESC (host link names, libvirt's messages) are
// escaped where they are drawn.
func (a *App) View() (out string) {
	defer func() {
		if r := recover(); r != nil {
			a.ctx.Logf("panic while drawing: %v\n%s", r, debug.Stack())
			out = fmt.Sprintf("virtnic: internal error while drawing (%v). Press ctrl+c to quit.", present.Safe(fmt.Sprint(r)))
		}
	}()
	return present.SafeFrame(a.frame())
}

func (a *App) frame() string {
	if a.quitting || a.width == 0 {
		return ""
	}
	if a.tooSmall() {
		msg := fmt.Sprintf("terminal too small (need %dx%d, have %dx%d)", minWidth, minHeight, a.width, a.height)
		// Wrapped: the renderer would cut a longer line at the window's edge.
		return ansi.Wordwrap(msg, a.width, "")
	}
	st := a.ctx.Styles
	w, bodyH := a.width, a.height-chromeRows
	body := fit(a.top().View(), w, bodyH)
	if a.showHelp {
		body = overlay(body, a.helpOverlay(w, bodyH), w, bodyH)
	}
	if a.errBox.Open() {
		body = overlay(body, a.errBox.View(st, w, bodyH), w, bodyH)
	}
	if a.quitAsk.Open() {
		body = overlay(body, a.quitAsk.View(st, min(w, 60), bodyH), w, bodyH)
	}
	return strings.Join([]string{a.header(), body, a.statusLine(), a.helpBar()}, "\n")
}

func (a *App) header() string {
	st := a.ctx.Styles
	title := st.Header.Render("virtnic")
	var badges []string
	if a.ctx.ReadOnly {
		badges = append(badges, st.Badge.Render("READ-ONLY"))
	}
	if a.ctx.Demo {
		badges = append(badges, st.Badge.Render("DEMO"))
	}
	right := strings.Join(badges, " ")
	uri := a.ctx.URI
	if a.ctx.Demo {
		// The demo's URI names a temporary file that is already gone.
		uri = "built-in demo host (libvirt test driver)"
	}
	if uri == "" {
		uri = "libvirt's default URI"
	}
	room := a.width - lipgloss.Width(title) - 2
	if right != "" {
		room -= lipgloss.Width(right) + 2
	}
	line := title
	if room > 1 {
		line += "  " + st.HeaderURI.Render(ansi.Truncate(uri, room, "…"))
	}
	if right != "" {
		line += "  " + right
	}
	return line
}

func (a *App) statusLine() string {
	if a.reconnecting {
		text := lostText
		if a.lastTry != "" {
			text += " (last attempt: " + a.lastTry + ")"
		}
		return statusbar.Model{Text: text, Level: common.StatusWarn}.View(a.ctx.Styles, a.width)
	}
	return a.status.View(a.ctx.Styles, a.width)
}

// helpBar shows the keys of whatever has the keyboard: a modal layer's own
// keys while one is open, else the top screen's plus the root's.
func (a *App) helpBar() string {
	var screen, root []key.Binding
	switch {
	case a.quitAsk.Open():
		screen = []key.Binding{quitChoice, stayChoice}
	case a.errBox.Open():
		screen = []key.Binding{errorbox.Dismiss}
	case a.showHelp:
		screen = []key.Binding{a.keys.CloseHelp}
		root = []key.Binding{a.keys.Quit}
	default:
		screen = a.top().ShortHelp()
		if !a.top().Capturing() {
			root = append(root, a.keys.Help)
		}
		root = append(root, a.keys.Quit)
	}
	return a.help.ShortView(screen, root, a.width)
}

func (a *App) helpOverlay(w, h int) string {
	st := a.ctx.Styles
	inner := min(w-4, 100)
	groups := append([][]key.Binding{}, a.top().FullHelp()...)
	groups = append(groups, []key.Binding{
		key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "this help")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close help, dialogs")),
		a.keys.Quit,
	})
	lines := []string{st.Title.Render("Keys"), ""}
	lines = append(lines, strings.Split(a.help.FullView(groups, inner-2), "\n")...)
	lines = append(lines, "", st.Muted.Render("esc or ? closes this help"))
	// Two rows go to the border; cut in the middle so the closing hint stays.
	if room := h - 2; room > 3 && len(lines) > room {
		lines = append(lines[:room-2], "…", lines[len(lines)-1])
	}
	return st.Dialog.Width(inner).Render(strings.Join(lines, "\n"))
}

// fit makes s exactly h rows of at most w columns, so the chrome below the
// screen never moves.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// overlay draws fg centred over bg (both at most w×h), leaving the rest of
// bg visible around it.
func overlay(bg, fg string, w, h int) string {
	if fg == "" {
		return bg
	}
	bgLines := strings.Split(bg, "\n")
	fgLines := strings.Split(fg, "\n")
	if len(fgLines) > h {
		fgLines = fgLines[:h]
	}
	fgW := 0
	for _, l := range fgLines {
		fgW = max(fgW, ansi.StringWidth(l))
	}
	fgW = min(fgW, w)
	x := max(0, (w-fgW)/2)
	y := max(0, (h-len(fgLines))/2)
	for len(bgLines) < y+len(fgLines) {
		bgLines = append(bgLines, "")
	}
	for i, l := range fgLines {
		l = ansi.Truncate(l, fgW, "")
		if pad := fgW - ansi.StringWidth(l); pad > 0 {
			l += strings.Repeat(" ", pad)
		}
		b := bgLines[y+i]
		left := ansi.Truncate(b, x, "")
		if pad := x - ansi.StringWidth(left); pad > 0 {
			left += strings.Repeat(" ", pad)
		}
		right := ansi.TruncateLeft(b, x+fgW, "")
		line := left + reset(left) + l + reset(l) + right
		bgLines[y+i] = line
	}
	return strings.Join(bgLines, "\n")
}

// reset ends any style a cut-off piece of a styled line left open.
func reset(s string) string {
	if strings.Contains(s, "\x1b[") {
		return ansi.ResetStyle
	}
	return ""
}
