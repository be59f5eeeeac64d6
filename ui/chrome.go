package ui

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"virtnic/present"
	"virtnic/ui/celltext"
)

// View draws header, screen, status row and help bar, with the help
// overlay, error box and quit confirmation on top of the screen area.
//
// The frame passes present.SafeFrame last: a C1 control, bidi override or
// zero-width character from any libvirt string, wherever a screen drew it,
// reaches the terminal escaped. The ESC only styling emits passes; strings
// that could carry a raw ESC (host link names, libvirt's messages) are
// escaped where they are drawn.
func (a *App) View() (out string) {
	defer func() {
		if r := recover(); r != nil {
			a.ctx.Logf("panic while drawing: %v\n%s", r, debug.Stack())
			out = fmt.Sprintf("virtnic: internal error while drawing (%v). Press ctrl+c to quit.", present.Safe(fmt.Sprint(r)))
		}
	}()
	if a.ctx.Styles.ASCII {
		return present.ASCIIFrame(a.frame())
	}
	return present.SafeFrame(a.frame())
}

func (a *App) frame() string {
	if a.quitting || a.width == 0 {
		return ""
	}
	if a.tooSmall() {
		msg := fmt.Sprintf("terminal too small (need %dx%d, have %dx%d)", minWidth, minHeight, a.width, a.height)
		// Wrapped: the renderer would cut a longer line at the window's edge.
		return ansi.Wordwrap(msg, a.width, "")
	}
	st := a.ctx.Styles
	w, bodyH := a.width, a.height-chromeRows
	body := fit(a.top().View(), w, bodyH)
	for _, d := range a.dialogs {
		body = overlay(body, d.View(st), w, bodyH)
	}
	return strings.Join([]string{a.header(), body, a.statusLine(), a.helpBar()}, "\n")
}

func (a *App) header() string {
	if a.multi() {
		return a.hostsHeader()
	}
	st := a.ctx.Styles
	title := st.Header.Render("virtnic")
	var badges []string
	if a.ctx.ReadOnly {
		badges = append(badges, st.Badge.Render("READ-ONLY"))
	}
	if a.ctx.Demo {
		badges = append(badges, st.Badge.Render("DEMO"))
	}
	right := strings.Join(badges, " ")
	// The host as the user named it, without credentials.
	uri := present.Safe(a.ctx.HostName())
	if a.ctx.Demo {
		// The demo's URI names a temporary file that is already gone.
		uri = "built-in demo host (libvirt test driver)"
	}
	room := a.width - lipgloss.Width(title) - 2
	if right != "" {
		room -= lipgloss.Width(right) + 2
	}
	line := title
	if room > 1 {
		line += "  " + st.HeaderURI.Render(ansi.Truncate(uri, room, "…"))
	}
	if right != "" {
		line += "  " + right
	}
	return line
}

func (a *App) statusLine() string {
	if !a.multi() && a.reconnecting {
		return a.reconnectStatus().View(a.ctx.Styles, a.width)
	}
	return a.status.View(a.ctx.Styles, a.width)
}

// helpBar shows the keys of whatever has the keyboard: a modal layer's own
// keys while one is open, else the top screen's plus the root's.
func (a *App) helpBar() string {
	var screen, root []key.Binding
	switch {
	case len(a.dialogs) > 0:
		screen = a.dialogs[len(a.dialogs)-1].Keys()
		root = []key.Binding{a.keys.Quit}
	default:
		screen = a.top().ShortHelp()
		if !a.top().Capturing() {
			if a.retryable() {
				// The root's r shadows the screen's (a reload) meanwhile.
				screen = without(screen, a.keys.Retry)
				root = append(root, a.keys.Retry)
			}
			root = append(root, a.keys.Help)
		}
		root = append(root, a.keys.Quit)
	}
	return a.help.ShortView(screen, root, a.width)
}

// without drops the bindings that share a key with b.
func without(bs []key.Binding, b key.Binding) []key.Binding {
	taken := map[string]bool{}
	for _, k := range b.Keys() {
		taken[k] = true
	}
	var out []key.Binding
	for _, x := range bs {
		shadowed := false
		for _, k := range x.Keys() {
			shadowed = shadowed || taken[k]
		}
		if !shadowed {
			out = append(out, x)
		}
	}
	return out
}

// fit makes s exactly h rows of at most w columns, so the chrome below the
// screen never moves.
func fit(s string, w, h int) string {
	return strings.Join(celltext.Fit(strings.Split(s, "\n"), w, h), "\n")
}

// overlay draws fg centred over bg (both at most w×h), leaving the rest of
// bg visible around it.
func overlay(bg, fg string, w, h int) string {
	if fg == "" {
		return bg
	}
	bgLines := strings.Split(bg, "\n")
	fgLines := strings.Split(fg, "\n")
	if len(fgLines) > h {
		fgLines = fgLines[:h]
	}
	fgW := 0
	for _, l := range fgLines {
		fgW = max(fgW, ansi.StringWidth(l))
	}
	fgW = min(fgW, w)
	x := max(0, (w-fgW)/2)
	y := max(0, (h-len(fgLines))/2)
	for len(bgLines) < y+len(fgLines) {
		bgLines = append(bgLines, "")
	}
	for i, l := range fgLines {
		l = ansi.Truncate(l, fgW, "")
		if pad := fgW - ansi.StringWidth(l); pad > 0 {
			l += strings.Repeat(" ", pad)
		}
		b := bgLines[y+i]
		left := ansi.Truncate(b, x, "")
		if pad := x - ansi.StringWidth(left); pad > 0 {
			left += strings.Repeat(" ", pad)
		}
		right := ansi.TruncateLeft(b, x+fgW, "")
		line := left + reset(left) + l + reset(l) + right
		bgLines[y+i] = line
	}
	return strings.Join(bgLines, "\n")
}

// reset ends any style a cut-off piece of a styled line left open.
func reset(s string) string {
	if strings.Contains(s, "\x1b[") {
		return ansi.ResetStyle
	}
	return ""
}
