package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// hostsHeader is the header of a session of several hosts: each host's
// label and connection state, "hv1 ●  hv2 ○ retrying in 8 s", in the
// order given. The symbol carries the state without colour (and maps to
// ASCII); hosts that do not fit are counted at the end ("+3").
func (a *App) hostsHeader() string {
	st := a.ctx.Styles
	title := st.Header.Render("virtnic")
	right := ""
	if a.allReadOnly() {
		right = st.Badge.Render("READ-ONLY")
	}
	room := a.width - lipgloss.Width(title) - 2
	if right != "" {
		room -= lipgloss.Width(right) + 2
	}
	line := title
	if hosts := a.hostSegments(room); hosts != "" {
		line += "  " + hosts
	}
	if right != "" {
		line += "  " + right
	}
	return line
}

// hostSegments fits as many hosts' states as room allows, with the count
// of the others; when not even one fits, a count of hosts up.
func (a *App) hostSegments(room int) string {
	var parts []string
	used := 0
	for i, s := range a.sessions {
		seg, w := a.hostSegment(s)
		rest := len(a.sessions) - i - 1
		more := 0
		if rest > 0 {
			more = len(moreText(rest)) + 2
		}
		if used > 0 {
			w += 2
		}
		if used+w+more > room {
			if len(parts) == 0 {
				return ansi.Truncate(a.upCount(), max(0, room), "…")
			}
			parts = append(parts, moreText(len(a.sessions)-i))
			break
		}
		parts = append(parts, seg)
		used += w
	}
	return strings.Join(parts, "  ")
}

func moreText(n int) string { return "+" + strconv.Itoa(n) }

// hostSegment is one host's "label ● word" and its width.
func (a *App) hostSegment(s *session) (string, int) {
	st := a.ctx.Styles
	l := s.link()
	label := present.Safe(s.ctx.HostName())
	plain := label + " " + l.Symbol()
	out := st.HeaderURI.Render(label) + " " + linkStyle(l).Render(l.Symbol())
	if w := l.Word(); w != "" {
		plain += " " + w
		out += " " + linkStyle(l).Render(w)
	}
	if s.ctx.ReadOnly && !a.allReadOnly() {
		plain += " ro"
		out += st.Muted.Render(" ro")
	}
	return out, ansi.StringWidth(plain)
}

// upCount is the header of hosts too many to name: "5 hosts, 3 up".
func (a *App) upCount() string {
	up := 0
	for _, s := range a.sessions {
		if !s.disconnected() {
			up++
		}
	}
	return strconv.Itoa(len(a.sessions)) + " hosts, " + strconv.Itoa(up) + " up"
}

func (a *App) allReadOnly() bool {
	for _, s := range a.sessions {
		if !s.ctx.ReadOnly {
			return false
		}
	}
	return true
}

// linkStyle colours a state on top of its symbol.
func linkStyle(l common.Link) lipgloss.Style {
	switch l.State {
	case common.LinkUp:
		return lipgloss.NewStyle().Foreground(styles.Good)
	case common.LinkOpening, common.LinkLost:
		return lipgloss.NewStyle().Foreground(styles.Warn)
	}
	return lipgloss.NewStyle().Foreground(styles.Bad)
}
