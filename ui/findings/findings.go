// Package findings is the `!` view: what `virtnic check` reports, for the
// hosts the UI shows, as the root checked their surveys (Context.Findings:
// no libvirt call of its own). Each finding names the domain and NIC, says
// why, and gives the fix command; enter opens that NIC on its host.
package findings

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/audit"
	"virtnic/present"
	"virtnic/ui/celltext"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// Model is the findings view.
type Model struct {
	ctx      *common.Context   // styles and size
	hosts    []*common.Context // the hosts shown, whose Findings these are
	found    []audit.Finding
	hostOf   []*common.Context // found[i] is on hostOf[i]
	multi    bool              // several hosts: name the host on each finding
	surveyed bool              // false: no survey yet, so nothing was checked

	// lines is the laid-out view; first[i] is finding i's first line.
	lines  []line
	first  []int
	cursor int // finding index
	offset int // first visible line
	w, h   int
}

type line struct {
	finding int
	text    string // plain text; View styles it
	head    bool
}

var _ common.Screen = (*Model)(nil)

// New builds the view of the findings of hosts; ctx gives styles and size.
func New(ctx *common.Context, hosts []*common.Context) *Model {
	m := &Model{ctx: ctx, hosts: hosts, multi: len(hosts) > 1}
	m.w, m.h = ctx.Width, ctx.Height
	m.reload()
	return m
}

// reload reads the hosts' findings again, keeping the cursor on the same
// finding when it is still there.
func (m *Model) reload() {
	var keep *audit.Finding
	if m.cursor < len(m.found) {
		keep = &m.found[m.cursor]
	}
	m.found, m.hostOf, m.surveyed = nil, nil, false
	for _, h := range m.hosts {
		m.surveyed = m.surveyed || h.Survey != nil
		for _, f := range h.Findings {
			m.found = append(m.found, f)
			m.hostOf = append(m.hostOf, h)
		}
	}
	m.cursor = 0
	for i, f := range m.found {
		if keep != nil && same(f, *keep) {
			m.cursor = i
		}
	}
	m.layout()
}

func same(a, b audit.Finding) bool {
	return a.Rule == b.Rule && a.URI == b.URI && a.Domain == b.Domain && nicIndex(a) == nicIndex(b)
}

func nicIndex(f audit.Finding) int {
	if f.NIC == nil {
		return -1
	}
	return f.NIC.Index
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.layout()
}

// Capturing implements common.Screen: nothing here takes text.
func (m *Model) Capturing() bool { return false }

// Dirty implements common.Screen: nothing here is edited.
func (m *Model) Dirty() bool { return false }

// layout wraps every finding to the width once, so View and scrolling
// only index lines.
func (m *Model) layout() {
	m.lines, m.first = m.lines[:0], m.first[:0]
	w := max(20, m.w)
	for i, f := range m.found {
		m.first = append(m.first, len(m.lines))
		m.lines = append(m.lines, line{finding: i, text: m.where(i), head: true})
		for _, l := range celltext.Wrap(present.Safe(f.Message), max(10, w-4)) {
			m.lines = append(m.lines, line{finding: i, text: "    " + l})
		}
		if f.Fix != "" {
			m.lines = append(m.lines, line{finding: i, text: "    fix: " + present.Safe(f.Fix)})
		}
	}
	m.follow()
}

// where is a finding's first line: severity, domain and NIC, rule.
func (m *Model) where(i int) string {
	f := m.found[i]
	head := styles.FindingSymbol(f.Severity) + " " + fmt.Sprintf("%-7s", f.Severity.String()) + " "
	if m.multi {
		head += present.Safe(m.hostOf[i].HostName()) + ": "
	}
	name, tail := present.Safe(f.Domain), ""
	switch {
	case f.Domain == "":
		name = "host " + present.Safe(f.URI)
	case f.NIC != nil:
		tail = fmt.Sprintf(" NIC %d (%s)", f.NIC.Index, present.Safe(f.NIC.MAC))
	}
	tail += "  [" + f.Rule + "]"
	// A long name gives way, so the NIC and the rule stay in sight.
	room := max(8, m.w-ansi.StringWidth(head)-ansi.StringWidth(tail))
	return head + ansi.Truncate(name, room, "…") + tail
}

// rows is how many lines of findings fit above the footer.
func (m *Model) rows() int { return max(1, m.h-2) }

// follow scrolls so the cursor's finding is in view, whole when it fits.
func (m *Model) follow() {
	if len(m.first) == 0 {
		m.offset = 0
		return
	}
	top := m.first[m.cursor]
	end := len(m.lines)
	if m.cursor+1 < len(m.first) {
		end = m.first[m.cursor+1]
	}
	switch {
	case top < m.offset:
		m.offset = top
	case end > m.offset+m.rows():
		m.offset = min(top, end-m.rows())
	}
	m.offset = max(0, min(m.offset, len(m.lines)-m.rows()))
}

func (m *Model) move(d int) tea.Cmd {
	m.cursor = max(0, min(m.cursor+d, len(m.found)-1))
	m.follow()
	return nil
}

// Selected is the finding under the cursor and its host; ok is false when
// there is none.
func (m *Model) Selected() (f audit.Finding, host *common.Context, ok bool) {
	if m.cursor >= len(m.found) {
		return audit.Finding{}, nil, false
	}
	return m.found[m.cursor], m.hostOf[m.cursor], true
}

// open goes to the finding's NIC (or its domain).
func (m *Model) open() tea.Cmd {
	f := m.found[m.cursor]
	msg := common.OpenDomainMsg{Host: m.hostOf[m.cursor], Name: f.Domain}
	if f.NIC != nil {
		msg.MAC = f.NIC.MAC
	}
	return func() tea.Msg { return msg }
}
