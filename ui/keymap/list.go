package keymap

// The keys that move a cursor through a list, the same on every list
// screen (domain list, host network view, findings).
var (
	Up       = New("↑/k", "up", "up", "k")
	Down     = New("↓/j", "down", "down", "j")
	PageUp   = New("pgup", "page up", "pgup")
	PageDown = New("pgdn", "page down", "pgdown")
	First    = New("home/g", "first", "home", "g")
	Last     = New("end/G", "last", "end", "G")
)
