package ui

import (
	"fmt"
	"strings"
	"time"

	"virtnic/ui/common"
	"virtnic/ui/components/dialog"
	"virtnic/ui/keymap"
)

// logEntry is one status or error, kept whole: the status line shows one
// line of it, cut at the window's width.
type logEntry struct {
	at     time.Time
	level  common.StatusLevel
	text   string
	detail string
}

// logCap bounds the log; a session editing all day keeps its last hours.
const logCap = 500

// now is the log's clock; tests fix it.
var now = time.Now

func (a *App) record(level common.StatusLevel, text, detail string) {
	if text == "" {
		return // a cleared status line is not news
	}
	a.messages = append(a.messages, logEntry{at: now(), level: level, text: text, detail: detail})
	if len(a.messages) > logCap {
		a.messages = a.messages[len(a.messages)-logCap:]
	}
}

var levelMark = map[common.StatusLevel]string{
	common.StatusInfo: " ", common.StatusOK: "✓", common.StatusWarn: "!", common.StatusError: "✗",
}

var closeLog = keymap.New("esc/L", "close", "esc", "L")

// openLog shows every message so far, the newest at the bottom and in view.
func (a *App) openLog() {
	var b strings.Builder
	for _, e := range a.messages {
		fmt.Fprintf(&b, "%s %s %s\n", e.at.Format("15:04:05"), levelMark[e.level], e.text)
		for _, l := range strings.Split(e.detail, "\n") {
			if l != "" {
				b.WriteString("           " + l + "\n")
			}
		}
	}
	text := b.String()
	if text == "" {
		text = "no messages yet"
	}
	d := dialog.New(fmt.Sprintf("Messages (%d)", len(a.messages)), text, "",
		dialog.Choice{Key: closeLog, Label: "close"})
	a.push(d)
	a.dialogs[len(a.dialogs)-1].GotoBottom()
}
