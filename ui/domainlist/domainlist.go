// Package domainlist is screen 1 of the terminal UI: every domain on the
// connection with its state, a live "/" filter, and enter to open one.
//
// It is built to stay fast with tens of thousands of domains: the filter
// result is a slice of indices recomputed only when the filter text or the
// data changes, and View formats only the rows that fit on screen, so a
// navigation keystroke costs O(visible rows) whatever the domain count.
package domainlist

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
)

// Column geometry. The state column fits the longest state word
// ("▶ pmsuspended", "↓ in shutdown"); names get what is left, capped at the
// longest name so ID stays next to the name on wide terminals.
const (
	gutterW    = 2 // cursor marker
	stateW     = 13
	gapW       = 2
	idW        = 4
	markerW    = len(transientWord)
	minNameW   = 4
	fixedW     = gutterW + stateW + gapW + gapW + idW + gapW + markerW
	cursorMark = "▸ "

	transientWord = "transient"
)

// Model is the domain list screen.
type Model struct {
	ctx     *common.Context
	spinner spinner.Model
	input   textinput.Model

	width, height int

	// loading is true while a LoadDomains is in flight; loaded once any
	// answer (data or error) has arrived, so the first connect shows the
	// spinner full-screen and later refreshes keep the table.
	loading bool
	loaded  bool
	// stale records a reload asked for while one was in flight: the answer
	// on its way may predate the event that asked, so one more follows.
	stale bool
	err   error
	// remembered is the cursor's domain when a failed load emptied the
	// list, so a successful retry puts the cursor back on it.
	remembered string

	doms []model.DomainInfo
	// match holds, per domain, the lower-cased "name\x00state" the filter
	// searches, with the domain's terms from the host survey, built once per
	// load or survey update so a filter keystroke allocates nothing per
	// domain. The NUL keeps a query from matching across the boundary.
	match []string
	// terms is, by domain name, its NICs' MACs and sources from the host
	// survey (nil until the survey arrives: names and states only).
	terms map[string]string
	// maxNameW is the widest name, measured once per load.
	maxNameW int

	// prevSample is the last poll of the host's counters; rates, by
	// domain UUID, the traffic between it and the one before.
	prevSample model.NetSample
	rates      map[string]model.Rate

	filtering bool   // the filter input has focus
	query     string // lower-cased filter the idx was computed for
	idx       []int  // indices into doms that pass the filter, ascending
	cursor    int    // position in idx
	offset    int    // first visible position in idx
}

var _ common.Screen = (*Model)(nil)

// New builds the screen; Init starts the first load.
func New(ctx *common.Context) *Model {
	sp := spinner.New(spinner.WithSpinner(ctx.Styles.Spinner))
	sp.Style = ctx.Styles.Title

	in := textinput.New()
	in.Prompt = "/ "
	in.PromptStyle = ctx.Styles.Focused
	in.Placeholder = "name, state, MAC or source"
	in.PlaceholderStyle = ctx.Styles.Muted
	// A static cursor sends no blink messages, so the filter redraws only
	// when something changes: cheaper over a slow SSH link.
	in.Cursor.SetMode(cursor.CursorStatic)

	m := &Model{
		ctx:     ctx,
		spinner: sp,
		input:   in,
	}
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

// Init shows the spinner and lists the domains.
func (m *Model) Init() tea.Cmd {
	m.loading = true
	return tea.Batch(m.spinner.Tick, common.LoadDomains(m.ctx.Conn))
}

// SetSize is called by the root with the area below its header.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	// Prompt (2) plus the cursor cell.
	m.input.Width = max(1, w-3)
	m.scrollToCursor()
}

// Capturing is true while the filter input has focus, so the root passes
// every key through and "q" is a letter, not quit.
func (m *Model) Capturing() bool { return m.filtering }

// Dirty is always false: the list holds no edits.
func (m *Model) Dirty() bool { return false }

// Selected returns the name under the cursor, "" when no row is shown.
func (m *Model) Selected() string {
	if m.cursor < 0 || m.cursor >= len(m.idx) {
		return ""
	}
	return m.doms[m.idx[m.cursor]].Name
}

// Update handles messages routed to the screen by the root.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		// Dropping ticks when idle ends the spinner's self-scheduling loop.
		if !m.loading {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd

	case common.DomainsLoadedMsg:
		return m, m.onLoaded(msg)

	case common.DomainEventMsg:
		// A closed connection is the root's to handle (it reconnects and
		// sends ReconnectedMsg); listing over it would only add an error box.
		if msg.Event.Kind == libvirtx.EventClosed {
			return m, nil
		}
		return m, m.reload()

	case common.ReconnectedMsg:
		if msg.Err != nil {
			return m, nil
		}
		return m, m.reload()

	case common.SurveyUpdatedMsg:
		m.surveyed()
		return m, nil

	case common.NetStatsMsg:
		m.netStats(msg)
		return m, nil

	case tea.KeyMsg:
		return m, m.key(msg)
	}
	if m.filtering {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// reload lists the domains again, unless a listing is already in flight.
func (m *Model) reload() tea.Cmd {
	if m.loading {
		m.stale = true
		return nil
	}
	m.loading = true
	return tea.Batch(m.spinner.Tick, common.LoadDomains(m.ctx.Conn))
}

// onLoaded takes a listing in, keeping the cursor on the same domain name.
func (m *Model) onLoaded(msg common.DomainsLoadedMsg) tea.Cmd {
	m.loading = false
	m.loaded = true
	var cmds []tea.Cmd
	if msg.Err != nil {
		m.err = msg.Err
		// Rows from before the failure may name domains that are gone, and
		// opening one would only fail again: show none until a retry works.
		if sel := m.Selected(); sel != "" {
			m.remembered = sel
		}
		m.setDomains(nil, "")
		err := msg.Err
		cmds = append(cmds, func() tea.Msg {
			return common.ErrorMsg{Title: "Cannot list domains", Err: err}
		})
	} else {
		m.err = nil
		keep := m.Selected()
		if keep == "" {
			keep = m.remembered
		}
		m.remembered = ""
		m.setDomains(msg.Domains, keep)
	}
	if m.stale {
		m.stale = false
		cmds = append(cmds, m.reload())
	}
	return tea.Batch(cmds...)
}

func (m *Model) setDomains(ds []model.DomainInfo, keep string) {
	m.doms = ds
	m.maxNameW = 0
	for _, d := range ds {
		m.maxNameW = max(m.maxNameW, present.Width(d.Name))
	}
	m.buildMatch()
	m.refilter()
	m.cursor = 0
	if keep != "" {
		for i, j := range m.idx {
			if m.doms[j].Name == keep {
				m.cursor = i
				break
			}
		}
	}
	m.scrollToCursor()
}

// refilter recomputes idx for the current query. Callers place the cursor.
func (m *Model) refilter() {
	m.query = strings.ToLower(m.input.Value())
	m.idx = m.idx[:0]
	for i, s := range m.match {
		if m.query == "" || strings.Contains(s, m.query) {
			m.idx = append(m.idx, i)
		}
	}
}

// applyFilter refilters after the query changed, keeping the cursor on the
// same domain when it still matches and going to the first match otherwise.
func (m *Model) applyFilter() {
	if strings.ToLower(m.input.Value()) == m.query {
		return
	}
	sel := -1
	if m.cursor < len(m.idx) {
		sel = m.idx[m.cursor]
	}
	m.refilter()
	m.cursor = 0
	if sel >= 0 {
		if i := sort.SearchInts(m.idx, sel); i < len(m.idx) && m.idx[i] == sel {
			m.cursor = i
		}
	}
	m.scrollToCursor()
}

func (m *Model) clearFilter() {
	m.filtering = false
	m.input.Blur()
	m.input.Reset()
	m.applyFilter()
}

func (m *Model) move(d int) {
	m.cursor = max(0, min(m.cursor+d, len(m.idx)-1))
	m.scrollToCursor()
}

// showFilterLine: the filter line is shown while typing and while a filter
// is kept, so a narrowed list always says why it is narrowed.
func (m *Model) showFilterLine() bool { return m.filtering || m.input.Value() != "" }

// tableRows is how many domain rows fit: the screen minus the column
// header, the footer and the filter line.
func (m *Model) tableRows() int {
	r := m.height - 2
	if m.showFilterLine() {
		r--
	}
	return max(1, r)
}

func (m *Model) scrollToCursor() {
	rows := m.tableRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	// Never leave blank rows below the last domain while earlier ones are
	// scrolled off (after a resize or a shrinking filter).
	m.offset = max(0, min(m.offset, len(m.idx)-rows))
}
