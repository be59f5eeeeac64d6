package ui

import "github.com/charmbracelet/bubbles/key"

// rootKeys are the bindings the root handles before any screen sees a key
// (docs/tui.md, "Root").
type rootKeys struct {
	Quit      key.Binding // always; asks when a screen is dirty
	Help      key.Binding // opens the overlay, not while a screen captures text
	CloseHelp key.Binding // only while the overlay is open
}

func defaultRootKeys() rootKeys {
	return rootKeys{
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		CloseHelp: key.NewBinding(key.WithKeys("esc", "?"), key.WithHelp("esc/?", "close help")),
	}
}

// quitChoice also answers to ctrl+c, so pressing it twice always quits,
// even when the dialog cannot be seen ("terminal too small").
var (
	quitChoice = key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit"))
	stayChoice = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stay"))
)
