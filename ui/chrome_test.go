package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/uitest"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// rawScreen draws a libvirt string without escaping it, as a careless new
// screen would.
type rawScreen struct{ text string }

func (s rawScreen) Update(tea.Msg) (common.Screen, tea.Cmd) { return s, nil }
func (s rawScreen) View() string                            { return s.text }
func (s rawScreen) SetSize(int, int)                        {}
func (s rawScreen) ShortHelp() []key.Binding                { return nil }
func (s rawScreen) FullHelp() [][]key.Binding               { return nil }
func (s rawScreen) Capturing() bool                         { return false }
func (s rawScreen) Dirty() bool                             { return false }

func TestHeaderBadges(t *testing.T) {
	a := newApp(t, opts{readOnly: true}, 80, 24)
	first := strings.Split(view(a), "\n")[0]
	mustContain(t, first, "virtnic", "test:///", "READ-ONLY")
	mustNotContain(t, first, "DEMO")

	a = newApp(t, opts{}, 80, 24)
	mustNotContain(t, strings.Split(view(a), "\n")[0], "READ-ONLY", "DEMO")

	a = newApp(t, opts{demo: true}, 80, 24)
	v := view(a)
	mustContain(t, strings.Split(v, "\n")[0], "DEMO", "demo host")
	mustContain(t, v, "changes live only in this process")
}

func TestLayoutFillsWindow(t *testing.T) {
	for _, sz := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		a := newApp(t, opts{demo: true}, sz[0], sz[1])
		lines := strings.Split(view(a), "\n")
		if len(lines) != sz[1] {
			t.Errorf("%dx%d: %d rows, want %d", sz[0], sz[1], len(lines), sz[1])
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: row %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
		f := &fakeScreen{}
		push(a, f)
		if f.w != sz[0] || f.h != sz[1]-3 {
			t.Errorf("%dx%d: screen got %dx%d, want %dx%d", sz[0], sz[1], f.w, f.h, sz[0], sz[1]-3)
		}
	}
}

func TestTooSmallAndRecovery(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	f := &fakeScreen{}
	push(a, f)
	for _, sz := range [][2]int{{59, 24}, {80, 15}, {40, 10}} {
		resize(t, a, sz[0], sz[1])
		want := fmt.Sprintf("terminal too small (need 60x16, have %dx%d)", sz[0], sz[1])
		if v := strings.ReplaceAll(view(a), "\n", " "); v != want {
			t.Errorf("view at %dx%d = %q, want %q", sz[0], sz[1], v, want)
		}
	}
	// Keys would act on a screen nobody can see.
	press(t, a, "z", "?")
	if len(f.keys()) != 0 {
		t.Errorf("screen got keys while too small: %v", f.keys())
	}
	if len(a.dialogs) != 0 {
		t.Error("? opened the help overlay while too small")
	}
	resize(t, a, 60, 16)
	v := view(a)
	mustContain(t, v, "virtnic", "FAKE SCREEN", "ctrl+c quit")
	if f.w != 60 || f.h != 13 {
		t.Errorf("screen size after recovery = %dx%d, want 60x13", f.w, f.h)
	}
	// ctrl+c still quits while too small.
	resize(t, a, 30, 5)
	if !quits(press(t, a, "ctrl+c")) {
		t.Error("ctrl+c did not quit while too small")
	}
}

func TestOverlayKeepsBackground(t *testing.T) {
	bg := strings.Join([]string{"aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"}, "\n")
	got := overlay(bg, "XX\nYY", 10, 4)
	want := strings.Join([]string{"aaaaaaaaaa", "bbbbXXbbbb", "ccccYYcccc", "dddddddddd"}, "\n")
	if got != want {
		t.Errorf("overlay:\n%s\nwant:\n%s", got, want)
	}
	// Short background rows are padded, not shifted.
	got = overlay("a\nb", "XX", 6, 2)
	if want := "a XX\nb"; got != want {
		t.Errorf("overlay on short rows = %q, want %q", got, want)
	}
}

// ---- golden views ----

// golden checks got against the golden file named after the (sub)test.
func golden(t *testing.T, got string) {
	t.Helper()
	uitest.Golden(t, got)
}

func TestGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		t.Run("list-"+name, func(t *testing.T) {
			a := newApp(t, opts{demo: true}, sz[0], sz[1])
			golden(t, view(a))
		})
		t.Run("details-"+name, func(t *testing.T) {
			a := newApp(t, opts{demo: true, readOnly: true}, sz[0], sz[1])
			drain(t, a, update1(a, common.OpenDomainMsg{Name: "router-fw"}))
			golden(t, view(a))
		})
		t.Run("nic-"+name, func(t *testing.T) {
			// The first NIC's page: 802.1Qbg on a running guest.
			a := newApp(t, opts{demo: true}, sz[0], sz[1])
			drain(t, a, update1(a, common.OpenDomainMsg{Name: "router-fw"}))
			press(t, a, "j", "j", "j", "j", "enter")
			golden(t, view(a))
		})
	}
	t.Run("add-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		drain(t, a, update1(a, common.OpenDomainMsg{Name: "web01"}))
		press(t, a, "a")
		golden(t, view(a))
	})
	t.Run("log-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		clock := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
		now = func() time.Time { clock = clock.Add(7 * time.Second); return clock }
		t.Cleanup(func() { now = time.Now })
		for _, m := range []common.StatusMsg{
			{Text: "NIC :3a:50:01 saved: config applied; live: after next guest shutdown (mode) · L: details", Level: common.StatusWarn,
				Detail: "mode: vepa → private: after next guest shutdown (takes effect after the next guest shutdown: QEMU cannot change a macvtap (direct) NIC's device, mode or virtual port on a running guest)\nwritten by the per-device path"},
			{Text: "read-only connection: restart virtnic without -r, as a user allowed to manage libvirt, to edit", Level: common.StatusWarn},
			{Text: "reconnected to qemu+ssh://hv1/system", Level: common.StatusOK},
		} {
			drain(t, a, update1(a, m))
		}
		press(t, a, "L")
		golden(t, view(a))
	})
	t.Run("help-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		press(t, a, "?")
		golden(t, view(a))
	})
	t.Run("error-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		drain(t, a, update1(a, common.ErrorMsg{Title: "Apply failed", Err: &libvirtx.Error{
			Op: "define domain vm1", Code: 27, Message: "XML error: invalid macvtap mode 'sideways'",
			Meaning: "libvirt rejected the configuration; nothing was changed"}}))
		golden(t, view(a))
	})
	t.Run("quit-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		push(a, &fakeScreen{dirty: true})
		press(t, a, "ctrl+c")
		golden(t, view(a))
	})
	t.Run("toosmall-59x16", func(t *testing.T) {
		a := newApp(t, opts{}, 59, 16)
		golden(t, view(a))
	})
}

// Whatever a screen draws, the frame reaches the terminal with C1 controls,
// bidi overrides and zero-width characters escaped.
func TestFrameEscapesWhatScreensMiss(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	a.stack = append(a.stack, rawScreen{text: "osc\u009d52;c;aGk=\u009c \u202eevil vm\u200b1"})
	v := a.View()
	for _, r := range []rune{0x9d, 0x9c, 0x202e, 0x200b} {
		if strings.ContainsRune(v, r) {
			t.Errorf("the frame carries raw %U", r)
		}
	}
	if !strings.Contains(v, `osc\u009d52;c;aGk=\u009c \u202eevil vm\u200b1`) {
		t.Errorf("the escaped text is not shown:\n%s", v)
	}
}
