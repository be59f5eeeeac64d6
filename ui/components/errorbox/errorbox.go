// Package errorbox words an error as a dialog: libvirt's own message, what
// it means for the user, and what virtnic was doing.
package errorbox

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"virtnic/libvirtx"
	"virtnic/ui/components/dialog"
)

// Dismiss is the binding that closes the box.
var Dismiss = key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc/enter", "dismiss"))

// Dialog is the error box for err.
func Dialog(title string, err error) dialog.Model {
	if title == "" {
		title = "Error"
	}
	var msg, meaning, op string
	var le *libvirtx.Error
	switch {
	case errors.As(err, &le):
		msg, meaning, op = le.Message, le.Meaning, le.Op
	case err != nil:
		msg = err.Error()
	default:
		msg = "unknown error"
	}
	var parts []string
	if meaning != "" {
		parts = append(parts, "libvirt: "+msg, "", "→ "+meaning)
	} else {
		parts = append(parts, msg)
	}
	if op != "" {
		parts = append(parts, "", "while trying to "+op)
	}
	return dialog.New("✗ "+title, strings.Join(parts, "\n"), "", dialog.Choice{Key: Dismiss, Label: "dismiss"})
}
