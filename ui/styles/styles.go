// Package styles is virtnic's one styles file: every colour is an ANSI-256
// index in an adaptive light/dark pair, so it reads the same over SSH in any
// 256-colour terminal, and every state also has a symbol so nothing depends
// on colour alone (NO_COLOR, --no-color, colour-blind users).
package styles

import (
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"virtnic/model"
)

// Palette entries: ANSI-256 indices, {light background, dark background}.
var (
	Accent  = lipgloss.AdaptiveColor{Light: "25", Dark: "75"}   // blue
	Subtle  = lipgloss.AdaptiveColor{Light: "245", Dark: "243"} // grey
	Text    = lipgloss.AdaptiveColor{Light: "235", Dark: "252"}
	Good    = lipgloss.AdaptiveColor{Light: "28", Dark: "78"}   // green
	Warn    = lipgloss.AdaptiveColor{Light: "130", Dark: "214"} // amber
	Bad     = lipgloss.AdaptiveColor{Light: "124", Dark: "203"} // red
	Border  = lipgloss.AdaptiveColor{Light: "250", Dark: "238"}
	SelBg   = lipgloss.AdaptiveColor{Light: "153", Dark: "24"}
	SelText = lipgloss.AdaptiveColor{Light: "16", Dark: "231"}
	BadgeBg = lipgloss.AdaptiveColor{Light: "124", Dark: "124"}
)

// Styles holds every lipgloss style the UI uses, built once.
type Styles struct {
	// NoColor: colour is off, so focus must show in text (pane titles in
	// brackets); ASCII: the terminal's locale is not UTF-8, so borders,
	// symbols and the spinner are ASCII.
	NoColor, ASCII bool
	Spinner        spinner.Spinner

	App        lipgloss.Style
	Header     lipgloss.Style
	HeaderURI  lipgloss.Style
	Badge      lipgloss.Style // READ-ONLY, DEMO
	Title      lipgloss.Style // page headings ("Virtual Network Interface")
	Section    lipgloss.Style // form section headings ("Virtual port")
	Label      lipgloss.Style // form labels
	Value      lipgloss.Style
	Muted      lipgloss.Style // explanations, disabled rows
	Selected   lipgloss.Style // cursor row in lists
	Focused    lipgloss.Style // focused form field
	Error      lipgloss.Style // inline validation errors
	Warning    lipgloss.Style
	OK         lipgloss.Style
	Pending    lipgloss.Style // "after shutdown" / "pending" markers
	Pane       lipgloss.Style // bordered pane
	PaneActive lipgloss.Style // bordered pane with focus
	Dialog     lipgloss.Style // confirm/error/help boxes
	StatusBar  lipgloss.Style
	DiffAdd    lipgloss.Style
	DiffDel    lipgloss.Style
	DiffHunk   lipgloss.Style
}

// New builds the styles. With noColor every colour is dropped (reverse video
// still marks the cursor, so the UI stays usable without colour).
func New(noColor bool) *Styles { return NewFor(noColor, false) }

// NewFor builds the styles for a terminal without colour and/or without
// UTF-8.
func NewFor(noColor, ascii bool) *Styles {
	if noColor {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	s := &Styles{NoColor: noColor, ASCII: ascii, Spinner: spinner.MiniDot}
	border, round := lipgloss.NormalBorder(), lipgloss.RoundedBorder()
	if ascii {
		border, round, s.Spinner = lipgloss.ASCIIBorder(), lipgloss.ASCIIBorder(), spinner.Line
	}
	s.App = lipgloss.NewStyle()
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(Accent)
	s.HeaderURI = lipgloss.NewStyle().Foreground(Subtle)
	s.Badge = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("231")).Background(BadgeBg).Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(Accent)
	s.Section = lipgloss.NewStyle().Bold(true).Underline(true)
	s.Label = lipgloss.NewStyle().Foreground(Subtle)
	s.Value = lipgloss.NewStyle().Foreground(Text)
	s.Muted = lipgloss.NewStyle().Foreground(Subtle)
	s.Selected = lipgloss.NewStyle().Foreground(SelText).Background(SelBg).Bold(true)
	if noColor {
		s.Selected = lipgloss.NewStyle().Reverse(true)
	}
	s.Focused = lipgloss.NewStyle().Bold(true).Foreground(Accent)
	s.Error = lipgloss.NewStyle().Foreground(Bad)
	s.Warning = lipgloss.NewStyle().Foreground(Warn)
	s.OK = lipgloss.NewStyle().Foreground(Good)
	s.Pending = lipgloss.NewStyle().Foreground(Warn).Italic(true)
	s.Pane = lipgloss.NewStyle().Border(border).BorderForeground(Border)
	s.PaneActive = lipgloss.NewStyle().Border(border).BorderForeground(Accent)
	s.Dialog = lipgloss.NewStyle().Border(round).BorderForeground(Accent).Padding(0, 1)
	s.StatusBar = lipgloss.NewStyle().Foreground(Text)
	s.DiffAdd = lipgloss.NewStyle().Foreground(Good)
	s.DiffDel = lipgloss.NewStyle().Foreground(Bad)
	s.DiffHunk = lipgloss.NewStyle().Foreground(Accent)
	return s
}

// StateSymbol gives each domain state a symbol that reads without colour.
func StateSymbol(st model.DomainState) string {
	switch st {
	case model.StateRunning:
		return "▶"
	case model.StatePaused:
		return "‖"
	case model.StateShutoff:
		return "■"
	case model.StateCrashed:
		return "✗"
	case model.StatePMSuspended:
		return "z"
	case model.StateShutdown:
		return "↓"
	case model.StateBlocked:
		return "…"
	}
	return "?"
}

// State renders "▶ running" in the state's colour.
func (s *Styles) State(st model.DomainState) string {
	c := Subtle
	switch st {
	case model.StateRunning:
		c = Good
	case model.StatePaused, model.StatePMSuspended, model.StateShutdown, model.StateBlocked:
		c = Warn
	case model.StateCrashed:
		c = Bad
	}
	return lipgloss.NewStyle().Foreground(c).Render(StateSymbol(st) + " " + string(st))
}

// PaneTitle marks the focused pane's title in text when colour cannot:
// "[ Devices ]" for the focused pane, "  Devices  " for the other.
func (s *Styles) PaneTitle(title string, focused bool) string {
	if !s.NoColor {
		return title
	}
	if focused {
		return "[ " + title + " ]"
	}
	return "  " + title + "  "
}
