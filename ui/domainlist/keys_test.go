package domainlist

import (
	"strings"
	"testing"

	"virtnic/ui/common"
)

func TestFilter(t *testing.T) {
	m := loaded(t, 80, 21)
	if msgs := press(t, m, "/"); len(msgs) != 0 {
		t.Errorf("/ sent %v", msgs)
	}
	if !m.Capturing() {
		t.Fatal("/ did not focus the filter")
	}
	if msgs := typeText(t, m, "Web"); len(msgs) != 0 {
		t.Errorf("typing sent %v", msgs)
	}
	v := plain(m)
	if !strings.Contains(v, "/ Web") || !strings.Contains(v, "12 domains (2 shown)") {
		t.Errorf("filter line or count:\n%s", v)
	}
	for _, n := range []string{"staging-web", "web01"} {
		rowOf(t, v, n)
	}
	if strings.Contains(v, "db01") || strings.Contains(v, "mail") {
		t.Errorf("filter did not narrow:\n%s", v)
	}

	// Letters are text while the filter has focus: q does not quit and j
	// does not move.
	msgs := typeText(t, m, "qj")
	if _, quit := findMsg[common.QuitMsg](msgs); quit {
		t.Fatal("q in the filter quit")
	}
	if m.input.Value() != "Webqj" || !strings.Contains(plain(m), "no domain matches “Webqj”") {
		t.Errorf("filter %q, view:\n%s", m.input.Value(), plain(m))
	}
	press(t, m, "backspace", "backspace")
	if m.input.Value() != "Web" || len(m.idx) != 2 {
		t.Errorf("backspace: %q, %d rows", m.input.Value(), len(m.idx))
	}
	// Arrows still move while typing.
	press(t, m, "down")
	if m.Selected() != "web01" {
		t.Errorf("down in filter: %q", m.Selected())
	}

	// enter keeps the filter and returns to navigation.
	if msgs := press(t, m, "enter"); len(msgs) != 0 {
		t.Errorf("enter in filter sent %v", msgs)
	}
	if m.Capturing() || len(m.idx) != 2 || !strings.Contains(plain(m), "/ Web") {
		t.Errorf("after enter: capturing=%v rows=%d\n%s", m.Capturing(), len(m.idx), plain(m))
	}
	press(t, m, "k")
	if m.Selected() != "staging-web" {
		t.Errorf("k after filter: %q", m.Selected())
	}
	open, ok := findMsg[common.OpenDomainMsg](press(t, m, "enter"))
	if !ok || open.Name != "staging-web" {
		t.Errorf("enter opened %+v", open)
	}

	// / again edits the kept filter; esc clears it and keeps the cursor's domain.
	press(t, m, "/")
	if !m.Capturing() || m.input.Value() != "Web" {
		t.Errorf("reopened filter: %v %q", m.Capturing(), m.input.Value())
	}
	press(t, m, "esc")
	if m.Capturing() || m.input.Value() != "" || len(m.idx) != 12 {
		t.Errorf("esc: capturing=%v value=%q rows=%d", m.Capturing(), m.input.Value(), len(m.idx))
	}
	if m.Selected() != "staging-web" {
		t.Errorf("esc moved the cursor to %q", m.Selected())
	}
	if v := plain(m); strings.Contains(v, "/ ") || !strings.Contains(v, "12 domains (12 shown)") {
		t.Errorf("after esc:\n%s", v)
	}

	// The state word matches too; a kept filter is cleared by esc outside
	// the input as well.
	press(t, m, "/")
	typeText(t, m, "paused")
	press(t, m, "enter")
	if len(m.idx) != 2 || m.Selected() != "build-runner" {
		t.Errorf("state filter: %d rows, cursor %q", len(m.idx), m.Selected())
	}
	if !offers(m, "esc") {
		t.Error("esc not offered while a filter is kept")
	}
	press(t, m, "esc")
	if len(m.idx) != 12 || offers(m, "esc") {
		t.Errorf("esc outside the input: %d rows", len(m.idx))
	}

	// An empty filter accepted with enter leaves no filter line behind.
	press(t, m, "/", "enter")
	if strings.Contains(plain(m), "/ ") {
		t.Errorf("empty filter line kept:\n%s", plain(m))
	}
}

func TestOpenKeys(t *testing.T) {
	m := loaded(t, 80, 21)
	press(t, m, "j", "j")
	for _, k := range []string{"enter", "right", "l"} {
		open, ok := findMsg[common.OpenDomainMsg](press(t, m, k))
		if !ok || open.Name != "db01" {
			t.Errorf("%s opened %+v", k, open)
		}
	}
	// A filter that matches nothing: enter says how to get rows back.
	press(t, m, "/")
	typeText(t, m, "zzz")
	press(t, m, "enter")
	if st, ok := findMsg[common.StatusMsg](press(t, m, "enter")); !ok || !strings.Contains(st.Text, "esc clears it") {
		t.Errorf("enter with no match answered %+v", st)
	}
	press(t, m, "esc")
	send(t, m, common.DomainsLoadedMsg{})
	// Nothing to open in an empty list: enter says so instead of opening.
	msgs := press(t, m, "enter")
	if _, opened := findMsg[common.OpenDomainMsg](msgs); opened {
		t.Errorf("enter on an empty list opened: %v", msgs)
	}
	if st, ok := findMsg[common.StatusMsg](msgs); !ok || st.Text != "no domain to open" {
		t.Errorf("enter on an empty list answered %v", msgs)
	}
}

func TestQuit(t *testing.T) {
	m := loaded(t, 80, 21)
	if _, ok := findMsg[common.QuitMsg](press(t, m, "q")); !ok {
		t.Error("q did not quit")
	}
}

// offers says whether the help bar offers the key.
func offers(m *Model, help string) bool {
	for _, b := range m.ShortHelp() {
		if b.Help().Key == help {
			return true
		}
	}
	return false
}

func TestHelp(t *testing.T) {
	m := loaded(t, 80, 21)
	keysOf := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			if b.Enabled() {
				s = append(s, b.Help().Key)
			}
		}
		return strings.Join(s, " ")
	}
	if got := keysOf(); got != "↑/k ↓/j enter/→ / r n q" {
		t.Errorf("short help %q", got)
	}
	press(t, m, "/")
	if got := keysOf(); got != "enter esc ↑ ↓" {
		t.Errorf("filter help %q", got)
	}
	typeText(t, m, "db")
	press(t, m, "enter")
	if got := keysOf(); got != "↑/k ↓/j enter/→ / esc r n q" {
		t.Errorf("kept-filter help %q", got)
	}
	if full := m.FullHelp(); len(full) != 2 || len(full[1]) != 7 {
		t.Errorf("full help %v", m.FullHelp())
	}
}
