package styles

import (
	"github.com/charmbracelet/lipgloss"

	"virtnic/audit"
)

// The symbols of a check finding or a device conflict, which read without
// colour: the domain list's marks, the findings view, the NIC page's title
// and the host network view all use them.
const (
	SymError   = "✗"
	SymWarning = "!"
	SymNote    = "·"
)

// FindingSymbol is the symbol of a finding of severity sev.
func FindingSymbol(sev audit.Severity) string {
	switch sev {
	case audit.Error:
		return SymError
	case audit.Warning:
		return SymWarning
	}
	return SymNote
}

// Finding is the style of a finding of severity sev: errors and warnings
// in their colours, notes plain.
func (s *Styles) Finding(sev audit.Severity) lipgloss.Style {
	switch sev {
	case audit.Error:
		return s.Error
	case audit.Warning:
		return s.Warning
	}
	return lipgloss.NewStyle()
}
