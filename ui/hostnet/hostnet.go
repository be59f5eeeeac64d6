// Package hostnet is the host network view: every host device (those a
// macvtap NIC can use and those it cannot, with the reason), every host
// bridge and every virtual network, each with the domain NICs on it, and
// the conflicts on each device marked with their reason. It only reads the
// root's host survey, so it works on a read-only connection; enter on a NIC
// opens that domain's details at the NIC.
package hostnet

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
	"virtnic/ui/common"
)

// Model is the host network view.
type Model struct {
	ctx *common.Context

	secs   []section // nil until a survey is read
	counts counts
	rows   []row // secs laid out for the filter
	err    error // the last survey failure, shown while there is no survey

	// refreshing: the user pressed r and the survey has not come back.
	refreshing bool

	filter    textinput.Model
	filtering bool
	query     string // the lower-cased filter rows were built for

	cursor, offset int // into rows
	longest        int // the widest domain name in rows
	width, height  int
}

// counts is the footer's summary of the host.
type counts struct{ devices, bridges, networks, conflicts, warnings int }

var _ common.Screen = (*Model)(nil)

// New builds the view from the context's survey, if there is one yet.
func New(ctx *common.Context) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.PromptStyle = ctx.Styles.Focused
	in.Placeholder = "device, bridge, network or domain"
	in.PlaceholderStyle = ctx.Styles.Muted
	in.Cursor.SetMode(cursor.CursorStatic)
	m := &Model{ctx: ctx, filter: in}
	m.SetSize(ctx.Width, ctx.Height)
	m.rebuild()
	return m
}

// OnHost is the host this view shows (common.HostBound).
func (m *Model) OnHost() *common.Context { return m.ctx }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.Width = max(1, w-3)
	m.scrollToCursor()
}

// Capturing implements common.Screen: the filter takes letters.
func (m *Model) Capturing() bool { return m.filtering }

// Dirty implements common.Screen: the view edits nothing.
func (m *Model) Dirty() bool { return false }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.SurveyUpdatedMsg:
		m.refreshing, m.err = false, nil
		m.rebuild()
		return m, nil
	case common.SurveyFailedMsg:
		m.err = msg.Err
		if !m.refreshing {
			return m, nil
		}
		m.refreshing = false
		return m, send(common.ErrorMsg{Host: m.ctx, Title: "Cannot read the host", Err: msg.Err})
	case common.ReconnectedMsg:
		// The root dropped the old connection's survey and reads a new one.
		m.rebuild()
		return m, nil
	case tea.KeyMsg:
		if cmd, ok := m.table().Dispatch(msg, m.refuse); ok {
			return m, cmd
		}
		if m.filtering {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.refilter()
			return m, cmd
		}
	}
	return m, nil
}

// rebuild takes the context's survey in, keeping the cursor on its row.
func (m *Model) rebuild() {
	s := m.ctx.Survey
	if s == nil {
		m.secs, m.counts = nil, counts{}
	} else {
		u := s.Usage()
		m.secs = sectionsOf(u)
		m.counts = countsOf(u)
	}
	m.relayout(true)
}

func countsOf(u model.HostUsage) counts {
	c := counts{devices: len(u.Devices), bridges: len(u.Bridges), networks: len(u.Networks)}
	cs := []model.Conflict{}
	for _, d := range u.Devices {
		cs = append(cs, d.Conflicts...)
	}
	// A VF bound to vfio-pci has no interface, so no device row: its
	// conflicts are only on its SR-IOV row.
	for _, pf := range u.SRIOV {
		for _, v := range pf.VFs {
			if v.Netdev == "" {
				cs = append(cs, v.Conflicts...)
			}
		}
	}
	for _, x := range cs {
		if x.Severity == model.SeverityError {
			c.conflicts++
		} else {
			c.warnings++
		}
	}
	return c
}

// refilter lays the rows out again when the filter text changed.
func (m *Model) refilter() {
	if strings.ToLower(m.filter.Value()) != m.query {
		m.relayout(false)
	}
}

// relayout builds rows for the filter; the cursor stays on its row when the
// row is still there, else goes to the first row that can hold it (after a
// filter change) or stays at its position (after a survey update).
func (m *Model) relayout(keepPos bool) {
	keep := ""
	if r, ok := m.current(); ok {
		keep = r.key
	}
	m.query = strings.ToLower(m.filter.Value())
	m.rows = nil
	if m.secs != nil {
		m.rows = buildRows(m.secs, m.query)
	}
	m.measure()
	pos := m.cursor
	if !keepPos {
		pos = 0
	}
	m.cursor = -1
	for i, r := range m.rows {
		if keep != "" && r.key == keep {
			m.cursor = i
			break
		}
	}
	if m.cursor < 0 {
		m.cursor = m.selectable(min(pos, len(m.rows)-1), 1)
	}
	m.scrollToCursor()
}

// current is the row under the cursor.
func (m *Model) current() (row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || !m.rows[m.cursor].selectable() {
		return row{}, false
	}
	return m.rows[m.cursor], true
}

// selectable is the nearest row from i in direction dir (then the other
// way) that the cursor can rest on; 0 when there is none.
func (m *Model) selectable(i, dir int) int {
	for _, d := range []int{dir, -dir} {
		for j := i; j >= 0 && j < len(m.rows); j += d {
			if m.rows[j].selectable() {
				return j
			}
		}
	}
	return 0
}

func (m *Model) moveBy(d int) func() tea.Cmd {
	return func() tea.Cmd {
		if len(m.rows) == 0 {
			return nil
		}
		dir := 1
		if d < 0 {
			dir = -1
		}
		// Step over rows the cursor cannot rest on, one selectable row per
		// unit of d.
		at := m.cursor
		for n := 0; n < abs(d); n++ {
			next := at + dir
			for next >= 0 && next < len(m.rows) && !m.rows[next].selectable() {
				next += dir
			}
			if next < 0 || next >= len(m.rows) {
				break
			}
			at = next
		}
		m.cursor = at
		m.scrollToCursor()
		return nil
	}
}

func (m *Model) moveTo(i int) func() tea.Cmd {
	return func() tea.Cmd {
		if len(m.rows) > 0 {
			dir := 1
			if i > 0 {
				dir = -1
			}
			m.cursor = m.selectable(max(0, min(i, len(m.rows)-1)), dir)
			m.scrollToCursor()
		}
		return nil
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// open jumps to the NIC under the cursor in its domain's details.
func (m *Model) open() tea.Cmd {
	r, ok := m.current()
	if !ok || r.kind != rowUser {
		return nil
	}
	return send(common.OpenDomainMsg{Host: m.ctx, Name: r.use.Domain, MAC: r.use.MAC})
}

func (m *Model) startFilter() tea.Cmd {
	m.filtering = true
	m.filter.CursorEnd()
	m.scrollToCursor()
	return m.filter.Focus()
}

func (m *Model) keepFilter() tea.Cmd {
	m.filtering = false
	m.filter.Blur()
	m.scrollToCursor()
	return nil
}

func (m *Model) clearFilter() tea.Cmd {
	m.filtering = false
	m.filter.Blur()
	m.filter.Reset()
	m.refilter()
	return nil
}

// refresh asks the root to read the survey again.
func (m *Model) refresh() tea.Cmd {
	m.refreshing = true
	return send(common.RefreshSurveyMsg{Host: m.ctx})
}
