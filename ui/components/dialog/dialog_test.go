package dialog

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

func TestMain(m *testing.M) { uitest.Main(m) }

const planDiff = `--- a/interface
+++ b/interface
@@ -1,6 +1,9 @@
 <interface type='direct'>
       <mac address='52:54:00:00:02:01'/>
       <source dev='eth1' mode='bridge'/>
+      <virtualport type='802.1Qbg'>
+        <parameters managerid='11' typeid='1193047' typeidversion='2' instanceid='d053298d-3570-401d-a53b-270d3af7f0a6'/>
+      </virtualport>
       <model type='virtio'/>
-      <link state='up'/>
+      <link state='down'/>
     </interface>`

func plan() Model {
	yes := key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes"))
	no := key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "cancel"))
	return New("Apply changes to NIC :00:02:01?",
		"virtualport: (none) → 802.1Qbg managerid=11 typeid=1193047 typeidversion=2 instanceid=d053298d-3570-401d-a53b-270d3af7f0a6\n"+
			"link: up → down\nlive now: link\n"+
			"after next guest shutdown: source, mode, virtualport — QEMU cannot change a macvtap (direct) NIC's device, mode or virtual port on a running guest",
		planDiff, Choice{Key: yes, Label: "apply", Msg: "yes"}, Choice{Key: no, Label: "cancel"})
}

func press(m Model, keys ...string) Model {
	for _, k := range uitest.Keys(keys...) {
		m, _, _ = m.Update(k)
	}
	return m
}

// Every continuation row of a wrapped diff line keeps its marker, so with
// no colour a changed long line never reads as unchanged context.
func TestWrappedDiffRowsKeepTheirMarker(t *testing.T) {
	st := styles.New(true)
	m := plan()
	m.SetSize(60, 40, st)
	m.vp.Height = m.total // every row, to look at all of them
	rows := strings.Split(ansi.Strip(m.vp.View()), "\n")
	var diff []string
	for i, r := range rows {
		if strings.HasPrefix(r, "--- a/interface") {
			diff = rows[i:]
			break
		}
	}
	var params []string
	for _, r := range diff {
		if strings.Contains(r, "managerid=") || strings.Contains(r, "d053298d") || strings.Contains(r, "typeidversion=") {
			params = append(params, r)
		}
	}
	if len(params) < 2 {
		t.Fatalf("the long <parameters> line did not wrap at 60 columns:\n%s", strings.Join(diff, "\n"))
	}
	for _, r := range params {
		if !strings.HasPrefix(r, "+") {
			t.Errorf("a continuation row lost its +: %q", r)
		}
	}
	for _, r := range diff {
		if strings.Contains(r, "link state='up'") && !strings.HasPrefix(r, "-") {
			t.Errorf("the removed line lost its -: %q", r)
		}
	}
}

func TestScrollPositionAndKeys(t *testing.T) {
	st := styles.New(true)
	m := plan()
	m.SetSize(80, 16, st) // a small window: the body scrolls
	if m.Position() != "1/"+itoa(m.total) || m.total <= m.rows {
		t.Fatalf("position %q, rows %d of %d", m.Position(), m.rows, m.total)
	}
	m = press(m, "pgdown")
	if m.vp.YOffset == 0 {
		t.Error("pgdown did not scroll")
	}
	m = press(m, "end")
	if !m.vp.AtBottom() {
		t.Error("end did not reach the bottom")
	}
	m = press(m, "home")
	if m.vp.YOffset != 0 {
		t.Error("home did not go back to the top")
	}
	_, chosen, done := m.Update(uitest.Keys("y")[0])
	if !done || chosen != "yes" {
		t.Errorf("y: done %v chosen %v", done, chosen)
	}
	_, chosen, done = m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if !done || chosen != nil {
		t.Errorf("esc: done %v chosen %v, want closed with nothing", done, chosen)
	}
}

// The dialog grows with the terminal instead of staying at a fixed width.
func TestWidthGrows(t *testing.T) {
	st := styles.New(true)
	for _, w := range []int{60, 80, 120} {
		m := plan()
		m.SetSize(w, 40, st)
		if got := ansi.StringWidth(strings.Split(m.View(st), "\n")[0]); got != w-2 {
			t.Errorf("at %d columns the dialog is %d wide, want %d", w, got, w-2)
		}
	}
}

func TestGolden(t *testing.T) {
	st := styles.New(true)
	for _, sz := range []struct {
		name   string
		w, h   int
		scroll []string
	}{{"80x24", 80, 21, nil}, {"120x40", 120, 37, nil}, {"60x16-scrolled", 60, 13, []string{"pgdown"}}} {
		t.Run(sz.name, func(t *testing.T) {
			m := plan()
			m.SetSize(sz.w, sz.h, st)
			m = press(m, sz.scroll...)
			uitest.Golden(t, ansi.Strip(m.View(st))+"\n")
		})
	}
	// Colours of the diff and the choices, as a 256-colour terminal gets them.
	t.Run("ansi256", func(t *testing.T) {
		uitest.ANSI256(t)
		st := styles.New(false)
		m := plan()
		m.SetSize(80, 30, st)
		uitest.Golden(t, strings.ReplaceAll(m.View(st), "\x1b", "\\e")+"\n")
	})
}

func itoa(n int) string { return fmt.Sprint(n) }
