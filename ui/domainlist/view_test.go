package domainlist

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/uitest"
)

func TestStateSymbolsAndTransient(t *testing.T) {
	m := New(newCtx(nil, 80, 21))
	ds := []model.DomainInfo{
		{Name: "a", ID: 1, State: model.StateRunning, Persistent: true},
		{Name: "b", ID: -1, State: model.StateShutoff, Persistent: true},
		{Name: "c", ID: 3, State: model.StatePaused, Persistent: false},
		{Name: "d", ID: -1, State: model.StateCrashed, Persistent: true},
		{Name: "e", ID: 5, State: model.StatePMSuspended, Persistent: true},
		{Name: "f", ID: 6, State: model.StateShutdown, Persistent: true},
		{Name: "g", ID: 7, State: model.StateBlocked, Persistent: true},
		{Name: "h", ID: -1, State: model.StateNoState, Persistent: true},
	}
	send(t, m, common.DomainsLoadedMsg{Domains: ds})
	v := plain(m)
	for _, want := range []struct{ name, state string }{
		{"a", "▶ running"}, {"b", "■ shut off"}, {"c", "‖ paused"}, {"d", "✗ crashed"},
		{"e", "z pmsuspended"}, {"f", "↓ in shutdown"}, {"g", "… blocked"}, {"h", "? no state"},
	} {
		if row := rowOf(t, v, want.name); !strings.Contains(row, want.state) {
			t.Errorf("row %q lacks %q", row, want.state)
		}
	}
	if row := rowOf(t, v, "c"); !strings.HasSuffix(row, "transient") {
		t.Errorf("transient domain not marked: %q", row)
	}
	if row := rowOf(t, v, "b"); strings.Contains(row, "transient") {
		t.Errorf("persistent domain marked transient: %q", row)
	}
}

func TestStateColoured(t *testing.T) {
	uitest.ANSI256(t)
	m := New(newCtx(nil, 80, 21))
	send(t, m, common.DomainsLoadedMsg{Domains: synthetic(4)})
	// Row 2 (not the cursor row) is running: its state carries colour.
	lines := strings.Split(m.View(), "\n")
	if !strings.Contains(lines[1], "\x1b[") || !strings.Contains(lines[2], "\x1b[") {
		t.Errorf("no colour in rows:\n%q\n%q", lines[1], lines[2])
	}
}

// Long names are cut with an ellipsis instead of pushing the ID off screen.
func TestLongName(t *testing.T) {
	m := New(newCtx(nil, 60, 13))
	long := strings.Repeat("very-long-name-", 8)
	send(t, m, common.DomainsLoadedMsg{Domains: []model.DomainInfo{
		{Name: long, ID: 12, State: model.StateRunning, Persistent: false},
		{Name: "b" + long, ID: 13, State: model.StateRunning, Persistent: true},
	}})
	checkShape(t, m)
	for _, l := range strings.Split(plain(m), "\n")[1:3] {
		if !strings.Contains(l, "…") || !strings.Contains(l, "1") {
			t.Errorf("row %q", l)
		}
	}
}

func TestGolden(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 21}, {120, 37}, {60, 13}}
	for _, sz := range sizes {
		name := fmt.Sprintf("%dx%d", sz.w, sz.h+3)
		t.Run(name, func(t *testing.T) {
			m := loaded(t, sz.w, sz.h)
			press(t, m, "j", "j", "j", "j")
			golden(t, "list_"+name, m)

			press(t, m, "/")
			typeText(t, m, "web")
			golden(t, "filter_"+name, m)
		})
	}
	t.Run("states", func(t *testing.T) {
		ds := []model.DomainInfo{
			{Name: "app-01", ID: 11, State: model.StateRunning, Persistent: true},
			{Name: "batch-transient", ID: 12, State: model.StateRunning, Persistent: false},
			{Name: "broken", ID: -1, State: model.StateCrashed, Persistent: true},
			{Name: "laptop-sleeper", ID: 14, State: model.StatePMSuspended, Persistent: true},
			{Name: "stopping", ID: 15, State: model.StateShutdown, Persistent: true},
		}
		m := New(newCtx(nil, 80, 21))
		send(t, m, common.DomainsLoadedMsg{Domains: ds})
		press(t, m, "j")
		golden(t, "states_80x24", m)
	})
	t.Run("loading", func(t *testing.T) {
		m := New(newCtx(nil, 80, 21))
		m.parts[0].loading = true
		golden(t, "loading_80x24", m)
	})
	t.Run("empty", func(t *testing.T) {
		m := New(newCtx(nil, 80, 21))
		send(t, m, common.DomainsLoadedMsg{})
		golden(t, "empty_80x24", m)
	})
	t.Run("error", func(t *testing.T) {
		m := New(newCtx(nil, 80, 21))
		send(t, m, common.DomainsLoadedMsg{Err: errors.New("boom")})
		golden(t, "error_80x24", m)
	})
	t.Run("scrolled", func(t *testing.T) {
		m := New(newCtx(nil, 60, 13))
		send(t, m, common.DomainsLoadedMsg{Domains: synthetic(10000)})
		press(t, m, "pgdown", "j", "j")
		golden(t, "scrolled_60x16", m)
	})
}

// golden checks the view as the subtest name of t.
func golden(t *testing.T, name string, m *Model) {
	t.Helper()
	checkShape(t, m)
	got := plain(m) + "\n"
	t.Run(name, func(t *testing.T) { uitest.Golden(t, got) })
}
