package domainlist

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/audit"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// A domain with check findings (Context.Findings, which the root keeps
// current with the survey) carries a mark after its ID: the worst
// severity's symbol and how many errors and warnings it has. Notes
// (pending changes) are not marked: the details say them.

// mark is one domain's: the worst severity and the count.
type mark struct {
	worst audit.Severity
	n     int
}

// indexFindings recounts every host's marks: a survey of one host can
// change another's (the rules across hosts).
func (m *Model) indexFindings() {
	for _, p := range m.parts {
		p.marks = nil
		for _, f := range p.ctx.Findings {
			if f.Domain == "" || f.Severity == audit.Info {
				continue
			}
			if p.marks == nil {
				p.marks = map[string]mark{}
			}
			k := p.marks[f.Domain]
			if k.n == 0 || f.Severity > k.worst {
				k.worst = f.Severity
			}
			k.n++
			p.marks[f.Domain] = k
		}
	}
}

// markText is a domain's mark, "" for none.
func markText(k mark) string {
	if k.n == 0 {
		return ""
	}
	return styles.FindingSymbol(k.worst) + strconv.Itoa(k.n)
}

// findings is !: the findings view of every host. Before any survey has
// arrived there is nothing checked yet.
func (m *Model) findingsDisabled() string {
	for _, p := range m.parts {
		if p.ctx.Survey != nil {
			return ""
		}
	}
	return "nothing checked yet: the host survey is still being read"
}

func (m *Model) findings() tea.Cmd { return emit(common.OpenFindingsMsg{})() }
