package details

import (
	"io"
	"log"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/components/dialog"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

func TestMain(m *testing.M) { uitest.Main(m) }

// harness drives the screen the way the root does: it runs every command,
// feeds the resulting messages back, and keeps what the root would handle
// (status, error box, back) for the test to inspect.
type harness struct {
	t        *testing.T
	ctx      *common.Context
	m        *Model
	statuses []common.StatusMsg
	errs     []common.ErrorMsg
	backs    int
	// dialog is the dialog the screen asked the root for, answered by the
	// next keys as the root would.
	dialog *dialog.Model
}

func open(t *testing.T, name string, w, h int, readOnly bool) *harness {
	t.Helper()
	conn, err := libvirtx.OpenDemo(readOnly)
	if err != nil {
		t.Fatal(err)
	}
	return openConn(t, conn, name, w, h, readOnly)
}

// openFixture opens a domain of a test-driver node file under the
// repository's testdata.
func openFixture(t *testing.T, file, name string, w, h int) *harness {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := libvirtx.Open("test://"+p, false)
	if err != nil {
		t.Fatal(err)
	}
	return openConn(t, conn, name, w, h, false)
}

func openConn(t *testing.T, conn *libvirtx.Conn, name string, w, h int, readOnly bool) *harness {
	t.Helper()
	t.Cleanup(func() { conn.Close() })
	ctx := &common.Context{
		Conn: conn, URI: conn.URI(), ReadOnly: readOnly, Demo: conn.Demo(),
		Styles: styles.New(true), Log: log.New(io.Discard, "", 0),
		Width: w, Height: h,
	}
	m, cmd := New(ctx, name)
	hs := &harness{t: t, ctx: ctx, m: m}
	hs.run(cmd)
	if m.d == nil {
		t.Fatalf("%s did not load: %v %v", name, m.loadErr, hs.errs)
	}
	hs.survey()
	return hs
}

// survey does what the root does once its host survey arrives.
func (h *harness) survey() {
	h.t.Helper()
	sv, err := h.ctx.Conn.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		h.t.Fatal(err)
	}
	h.ctx.Survey = sv
	h.run(func() tea.Msg { return common.SurveyUpdatedMsg{} })
}

// run executes cmd and everything it leads to. Spinner ticks are dropped:
// their follow-ups sleep, and they change nothing but the spinner.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	uitest.Drain(h.t, cmd, h.deliver)
}

// deliver plays the root: it keeps what the screen sends up (statuses,
// errors, dialogs, back) and gives everything else back to the screen.
func (h *harness) deliver(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.StatusMsg:
		h.statuses = append(h.statuses, msg)
	case common.ErrorMsg:
		h.errs = append(h.errs, msg)
	case common.BackMsg:
		h.backs++
	case common.DialogMsg:
		d := msg.Dialog
		d.SetSize(h.ctx.Width, h.ctx.Height, h.ctx.Styles)
		h.dialog = &d
	default:
		_, next := h.m.Update(msg)
		return next
	}
	return nil
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// keys presses each key; a multi-letter string that is not a key name is
// typed letter by letter.
func (h *harness) keys(ks ...string) {
	h.t.Helper()
	for _, k := range uitest.Keys(ks...) {
		h.press(k)
	}
}

// press gives a key to the open dialog, as the root does, or else to the
// screen.
func (h *harness) press(k tea.KeyMsg) {
	h.t.Helper()
	if h.dialog == nil {
		h.send(k)
		return
	}
	next, chosen, done := h.dialog.Update(k)
	if !done {
		*h.dialog = next
		return
	}
	h.dialog = nil
	if chosen != nil {
		h.send(chosen)
	}
}

// view is the screen and, as the root draws it on top, the open dialog.
func (h *harness) view() string {
	v := h.m.View()
	if h.dialog != nil {
		v += "\n" + h.dialog.View(h.ctx.Styles)
	}
	return ansi.Strip(v)
}

func (h *harness) lastStatus() common.StatusMsg {
	h.t.Helper()
	if len(h.statuses) == 0 {
		h.t.Fatal("no status message")
	}
	return h.statuses[len(h.statuses)-1]
}

// selectNIC moves the list cursor to NIC idx with the list keys.
func (h *harness) selectNIC(idx int) {
	h.t.Helper()
	for i := 0; i < 100 && h.m.nicItem() != idx; i++ {
		h.keys("down")
	}
	if h.m.nicItem() != idx {
		h.t.Fatalf("could not select NIC %d", idx)
	}
}

// setMode opens the source mode picker of the focused NIC page and picks
// mode: the field after Network source, filtered by name.
func (h *harness) setMode(mode model.Mode) {
	h.t.Helper()
	h.keys("tab", "enter", "/", string(mode), "enter")
	if got := h.m.form.Edited().Mode; got != mode {
		h.t.Fatalf("form mode = %q after picking %q\n%s", got, mode, h.view())
	}
}
