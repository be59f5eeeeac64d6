package uitest

import (
	"flag"
	"os"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Main runs a UI package's tests with the views compared as plain text,
// whatever terminal runs them: no colour, a dark background assumed.
func Main(m *testing.M, setup ...func()) {
	flag.Parse()
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	for _, f := range setup {
		f()
	}
	os.Exit(m.Run())
}

// ANSI256 switches the colour profile for the test (goldens of colours and
// focus) and back afterwards.
func ANSI256(t testing.TB) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}
