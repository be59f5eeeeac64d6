package uitest

import tea "github.com/charmbracelet/bubbletea"

// keyTypes are the key names tests use, as bubbletea spells them.
var keyTypes = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"delete": tea.KeyDelete, "backspace": tea.KeyBackspace, " ": tea.KeySpace,
	"ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS, "ctrl+r": tea.KeyCtrlR, "ctrl+g": tea.KeyCtrlG,
	"ctrl+u": tea.KeyCtrlU, "ctrl+l": tea.KeyCtrlL, "ctrl+z": tea.KeyCtrlZ,
}

// Keys turns key names into key messages: a known name ("enter",
// "ctrl+s", " ") is that key, any other string is typed letter by letter.
func Keys(names ...string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, n := range names {
		if t, ok := keyTypes[n]; ok {
			k := tea.KeyMsg{Type: t}
			if t == tea.KeySpace {
				k.Runes = []rune{' '}
			}
			out = append(out, k)
			continue
		}
		for _, r := range n {
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}
