package details

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
)

func (m *Model) loaded(msg common.DomainLoadedMsg) tea.Cmd {
	if msg.Name != m.name {
		return nil
	}
	asked := m.loading
	m.loading = false
	if msg.Err != nil {
		if m.d == nil {
			m.loadErr = msg.Err
		}
		m.then, m.wantKey, m.wantPos, m.appliedKey, m.wantPage = afterNone, "", -1, "", false
		return send(common.ErrorMsg{Host: m.ctx, Title: "Cannot load domain " + m.name, Err: msg.Err})
	}
	if !asked && m.Dirty() {
		// Someone else's reload must not wipe the user's edits.
		return nil
	}
	want, pos, page := m.wantKey, m.wantPos, m.wantPage
	if want == "" && pos < 0 {
		want, pos = m.itemKey(m.sel), m.sel
	}
	m.wantKey, m.wantPos, m.wantPage = "", -1, false
	// A reload of the NIC on the page (after Apply, an event, r) keeps the
	// field the user was on and the form's scroll; a fresh form would jump
	// back to the first field and hide the values just set.
	var place *formPlace
	if m.form != nil {
		place = &formPlace{keys: []string{m.itemKey(m.sel), m.appliedKey},
			field: m.form.FocusedField(), scroll: m.form.Scroll()}
	}
	m.appliedKey = ""
	m.d, m.loadErr = msg.Domain, nil
	m.readHost()
	m.items = hardware(m.d)
	m.sel = m.find(want, pos, page)
	m.buildForm()
	m.fitList()
	m.clampScroll()
	if place != nil && m.form != nil && place.same(m.itemKey(m.sel)) {
		m.form.FocusField(place.field)
		m.form.SetScroll(place.scroll)
		if m.leaveText {
			m.form.Blur()
		}
	}
	m.leaveText = false
	if m.form == nil && m.item() != nil && len(m.item().Rows) == 0 && m.focus == focusPage {
		m.focus = focusList
	}
	m.layoutForm() // the running guest's rows may have come or gone
	return m.askAddresses()
}

// find is the item with key want, else the one at pos. page shows the page
// of a NIC found by its key (SelectNIC).
func (m *Model) find(want string, pos int, page bool) int {
	for i := range m.items {
		// MACs compare in any case: a MAC another screen passes may be
		// spelled otherwise than the XML.
		if want != "" && strings.EqualFold(m.itemKey(i), want) {
			if page && m.items[i].Kind == "nic" {
				m.focus = focusPage
			}
			return i
		}
	}
	return max(0, min(pos, len(m.items)-1))
}

// formPlace is where the user was in a NIC form: the focused field and the
// scroll, and the item keys under which that NIC may come back.
type formPlace struct {
	keys   []string
	field  string
	scroll int
}

func (p *formPlace) same(key string) bool {
	for _, k := range p.keys {
		if k != "" && k == key {
			return true
		}
	}
	return false
}

func (m *Model) event(ev libvirtx.Event) tea.Cmd {
	if ev.Domain != m.name || m.loading || m.busy {
		// Our own writes and reloads raise events too; the reload after a
		// write already covers them.
		return nil
	}
	if m.Dirty() {
		return m.status(common.StatusWarn, "domain changed outside virtnic; press r to reload")
	}
	return m.load()
}
