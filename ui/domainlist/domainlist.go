// Package domainlist is screen 1 of the terminal UI: every domain on the
// connection with its state, a live "/" filter, and enter to open one.
// With several hosts (virtnic -c hv1 -c hv2) it merges them: a HOST column,
// each host's domains together in the order the hosts were given, and one
// row for a host with no domains to show (connecting, failed, empty).
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
	"virtnic/ui/common"
	"virtnic/ui/scroll"
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
	ctx *common.Context // the first host's: styles and size are every host's
	// parts is one per host, in the order the hosts were given.
	parts   []*part
	spinner spinner.Model
	input   textinput.Model

	width, height int

	// remembered is the cursor's row when a failed load emptied the list,
	// so a successful retry puts the cursor back on it.
	remembered rowKey

	// doms is every row, host by host: a domain, or an empty DomainInfo
	// for a host row (rows says which).
	doms []model.DomainInfo
	rows []rowRef
	// match holds, per row, the lower-cased "name\x00state" the filter
	// searches (the host's label first among several hosts), with the
	// domain's terms from the host survey, built once per load or survey
	// update so a filter keystroke allocates nothing per domain. The NUL
	// keeps a query from matching across the boundary.
	match []string
	// maxNameW and maxHostW are the widest name and host label, measured
	// once per load.
	maxNameW, maxHostW int

	filtering bool   // the filter input has focus
	query     string // lower-cased filter the idx was computed for
	idx       []int  // indices into doms that pass the filter, ascending
	shown     int    // domain rows (not host rows) in idx
	cursor    int    // position in idx
	offset    int    // first visible position in idx
}

var _ common.Screen = (*Model)(nil)

// New builds the screen of one host or, given several, of all of them
// merged; Init starts the first loads.
func New(hosts ...*common.Context) *Model {
	ctx := hosts[0]
	sp := spinner.New(spinner.WithSpinner(ctx.Styles.Spinner))
	sp.Style = ctx.Styles.Title

	in := textinput.New()
	in.Prompt = "/ "
	in.PromptStyle = ctx.Styles.Focused
	in.Placeholder = "name, state, MAC or source"
	if len(hosts) > 1 {
		in.Placeholder = "host, name, state, MAC or source"
	}
	in.PlaceholderStyle = ctx.Styles.Muted
	// A static cursor sends no blink messages, so the filter redraws only
	// when something changes: cheaper over a slow SSH link.
	in.Cursor.SetMode(cursor.CursorStatic)

	m := &Model{
		ctx:     ctx,
		spinner: sp,
		input:   in,
	}
	for _, h := range hosts {
		m.parts = append(m.parts, &part{ctx: h})
	}
	m.merge(rowKey{})
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

// multi: the list merges several hosts.
func (m *Model) multi() bool { return len(m.parts) > 1 }

// Init shows the spinner and lists the domains of every host that is open.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.spinner.Tick}
	for _, p := range m.parts {
		if !m.multi() || p.ctx.Conn != nil {
			p.loading = true
			cmds = append(cmds, common.LoadDomains(p.ctx))
		}
	}
	return tea.Batch(cmds...)
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

// Selected returns the domain name under the cursor, "" when no row is
// shown or the cursor is on a host row.
func (m *Model) Selected() string {
	if m.cursor < 0 || m.cursor >= len(m.idx) {
		return ""
	}
	return m.doms[m.idx[m.cursor]].Name
}

// SelectedHost is the host of the row under the cursor, nil when no row is
// shown.
func (m *Model) SelectedHost() *common.Context {
	if m.cursor < 0 || m.cursor >= len(m.idx) {
		return nil
	}
	return m.parts[m.rows[m.idx[m.cursor]].part].ctx
}

// Update handles messages routed to the screen by the root; a host's
// messages go to that host's part.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		// Dropping ticks when idle ends the spinner's self-scheduling loop.
		if !m.anyLoading() {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		return m, m.key(msg)
	case common.FindingsUpdatedMsg:
		m.indexFindings()
		return m, nil
	case common.HostBound:
		if p := m.partFor(msg.OnHost()); p != nil {
			return m, m.hostMsg(p, msg)
		}
		return m, nil
	}
	if m.filtering {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// hostMsg is a message about one host's part.
func (m *Model) hostMsg(p *part, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.DomainsLoadedMsg:
		return m.onLoaded(p, msg)
	case common.DomainEventMsg:
		// A closed connection is the root's to handle (it reconnects and
		// sends ReconnectedMsg); listing over it would only add an error box.
		if msg.Event.Kind == libvirtx.EventClosed {
			return nil
		}
		return m.reload(p)
	case common.ReconnectedMsg:
		if msg.Err != nil {
			return nil
		}
		return m.reload(p)
	case common.SurveyUpdatedMsg:
		m.surveyed(p)
	case common.NetStatsMsg:
		p.netStats(msg)
	}
	return nil
}

// partFor is the part of host h; a message that names no host is the only
// host's, and no part's among several.
func (m *Model) partFor(h *common.Context) *part {
	if h == nil {
		if m.multi() {
			return nil
		}
		return m.parts[0]
	}
	for _, p := range m.parts {
		if p.ctx == h {
			return p
		}
	}
	return nil
}

func (m *Model) anyLoading() bool {
	for _, p := range m.parts {
		if p.loading {
			return true
		}
	}
	return false
}

// reload lists a host's domains again, unless a listing is already in
// flight. Among several hosts, one that is not open yet has nothing to
// list.
func (m *Model) reload(p *part) tea.Cmd {
	if m.multi() && p.ctx.Conn == nil {
		return nil
	}
	if p.loading {
		p.stale = true
		return nil
	}
	p.loading = true
	return tea.Batch(m.spinner.Tick, common.LoadDomains(p.ctx))
}

// onLoaded takes a listing in, keeping the cursor on the same domain.
func (m *Model) onLoaded(p *part, msg common.DomainsLoadedMsg) tea.Cmd {
	p.loading = false
	p.loaded = true
	var cmds []tea.Cmd
	keep := m.selectedKey()
	if msg.Err != nil {
		p.err = msg.Err
		// Rows from before the failure may name domains that are gone, and
		// opening one would only fail again: show none until a retry works.
		if keep.name != "" && m.parts[keep.part] == p {
			m.remembered = keep
		}
		p.doms = nil
		cmds = append(cmds, m.loadFailed(p, msg.Err))
	} else {
		p.err = nil
		if keep.name == "" && m.parts[m.remembered.part] == p {
			keep = m.remembered
			m.remembered = rowKey{}
		}
		p.doms = msg.Domains
	}
	m.merge(keep)
	if p.stale {
		p.stale = false
		cmds = append(cmds, m.reload(p))
	}
	return tea.Batch(cmds...)
}

// loadFailed reports a failed listing: in an error box for the only host;
// among several, on the status line (and in the message log), since the
// host's row already says it and the other hosts are still usable.
func (m *Model) loadFailed(p *part, err error) tea.Cmd {
	if !m.multi() {
		return func() tea.Msg {
			return common.ErrorMsg{Host: p.ctx, Title: "Cannot list domains", Err: err}
		}
	}
	text := p.ctx.HostName() + ": cannot list domains: " + firstLine(err.Error())
	return func() tea.Msg {
		return common.StatusMsg{Text: text, Level: common.StatusError, Detail: err.Error()}
	}
}

// refilter recomputes idx for the current query. Callers place the cursor.
func (m *Model) refilter() {
	m.query = strings.ToLower(m.input.Value())
	m.idx = m.idx[:0]
	m.shown = 0
	for i, s := range m.match {
		if m.query == "" || strings.Contains(s, m.query) {
			m.idx = append(m.idx, i)
			if !m.rows[i].host {
				m.shown++
			}
		}
	}
}

// applyFilter refilters after the query changed, keeping the cursor on the
// same row when it still matches and going to the first match otherwise.
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
	m.offset = scroll.Follow(m.offset, m.cursor, m.tableRows(), len(m.idx))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
