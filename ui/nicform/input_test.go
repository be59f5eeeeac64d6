package nicform

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/uuid"

	"virtnic/ui/common"
)

func TestLettersTypedIntoFieldsNeverAct(t *testing.T) {
	m := open(t, "router-fw", 1, false)
	focusOn(t, m, fProfileID)
	if !m.Capturing() {
		t.Fatal("Profile ID focused: Capturing() = false")
	}
	msgs := typeText(m, "q?jk /x")
	if len(msgs) != 0 {
		t.Errorf("typing emitted %v", msgs)
	}
	if got := m.Edited().VirtualPort.ProfileID; got != "dmz-uplinkq?jk /x" {
		t.Errorf("profileid = %q", got)
	}
	if m.focus != fProfileID || m.Picking() {
		t.Errorf("typing moved focus to %q / opened a picker", labels[m.focus])
	}
}

func TestCtrlGGenerates(t *testing.T) {
	m := open(t, "web01", 0, false)
	focusOn(t, m, fMAC)
	send(m, press(tea.KeyCtrlG))
	mac := m.Edited().MAC
	if !macRE.MatchString(mac) || len(m.ectx.MACsInUse[mac]) != 0 {
		t.Errorf("generated MAC %q: not 52:54:00:xx:xx:xx or already in use", mac)
	}
	if ps := m.Problems(); len(ps) != 0 {
		t.Errorf("generated MAC: problems %v", ps)
	}
	// web01 runs: a new MAC waits for the next shutdown.
	if !strings.Contains(rowLine(t, m, fMAC), afterShutdown) {
		t.Errorf("MAC row lacks %q: %q", afterShutdown, rowLine(t, m, fMAC))
	}

	// A MAC of another NIC is refused as typed.
	send(m, press(tea.KeyCtrlU))
	typeText(m, "52:54:00:3A:20:01")
	viewHas(t, m, "mac 52:54:00:3a:20:01 is already used by NIC 0 of domain db01")

	// Blank UUID fields say they will be generated, and are no problem.
	m = open(t, "legacy-app", 0, false)
	focusOn(t, m, fInterfaceID)
	send(m, press(tea.KeyCtrlU))
	if ps := m.Problems(); len(ps) != 0 {
		t.Errorf("blank midonet interfaceid: problems %v", ps)
	}
	send(m, press(tea.KeyTab)) // unfocused, the placeholder shows in full
	if !strings.Contains(rowLine(t, m, fInterfaceID), "blank = generate") {
		t.Errorf("Interface ID row: %q", rowLine(t, m, fInterfaceID))
	}
	focusOn(t, m, fInterfaceID)
	send(m, press(tea.KeyCtrlG))
	if _, err := uuid.Parse(m.Edited().VirtualPort.InterfaceID); err != nil {
		t.Errorf("generated interfaceid %q: %v", m.Edited().VirtualPort.InterfaceID, err)
	}

	// Elsewhere ctrl+g explains itself and changes nothing.
	m = open(t, "web01", 0, false)
	msgs := send(m, press(tea.KeyCtrlG))
	if len(msgs) != 1 || m.Dirty() {
		t.Errorf("ctrl+g on Network source: %v, dirty %v", msgs, m.Dirty())
	}
}

func TestReadOnlyRefusesEdits(t *testing.T) {
	m := open(t, "web01", 0, true)
	wantStatus := func(what string, msgs []tea.Msg) {
		t.Helper()
		if len(msgs) != 1 || msgs[0] != (common.StatusMsg{Text: readOnlyText, Level: common.StatusWarn}) {
			t.Errorf("%s: messages %v, want the read-only status", what, msgs)
		}
	}
	wantStatus("enter on Network source", send(m, press(tea.KeyEnter)))
	if m.Picking() {
		t.Error("read-only: picker opened")
	}
	focusOn(t, m, fMAC)
	if m.Capturing() {
		t.Error("read-only MAC: Capturing() = true")
	}
	wantStatus("typing into MAC", typeText(m, "a"))
	wantStatus("ctrl+g on MAC", send(m, press(tea.KeyCtrlG)))
	focusOn(t, m, fLink)
	wantStatus("space on Link state", send(m, space))
	if m.Dirty() || m.Edited().MAC != "52:54:00:3a:10:01" {
		t.Errorf("read-only edit went through: dirty %v MAC %q", m.Dirty(), m.Edited().MAC)
	}
	for _, b := range m.ShortHelp() {
		if b.Enabled() && b.Help().Key != "tab" && b.Help().Key != "shift+tab" {
			t.Errorf("read-only help offers %q", b.Help().Key)
		}
	}
	viewHas(t, m, "MAC address 52:54:00:3a:10:01")

	// A NIC virtnic cannot edit: viewable, with the reason.
	m = open(t, "legacy-app", 1, false)
	viewHas(t, m, `not editable: interface type "user" is not editable`)
	focusOn(t, m, fMAC)
	msgs := typeText(m, "x")
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].(common.StatusMsg).Text, "NIC 1 is not editable") {
		t.Errorf("typing into a non-editable NIC: %v", msgs)
	}
	if m.Dirty() || m.Problems() != nil {
		t.Errorf("non-editable NIC: dirty %v problems %v", m.Dirty(), m.Problems())
	}
}
