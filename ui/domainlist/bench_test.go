package domainlist

import (
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/uitest"
)

// benchModel is an 80x24 screen holding n synthetic domains. Colour is on,
// as in a real terminal, so styling is part of the measured cost.
func benchModel(b *testing.B, n int) *Model {
	b.Helper()
	uitest.ANSI256(b)
	m := New(newCtx(nil, 80, 21))
	m.Update(common.DomainsLoadedMsg{Domains: synthetic(n)})
	return m
}

var sink string

func BenchmarkKeystrokeToFrame(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			m := benchModel(b, n)
			down := tea.KeyMsg{Type: tea.KeyDown}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				// Wrap at the end so every iteration is a real move and
				// scroll, not a no-op at the last row.
				if m.cursor == len(m.idx)-1 {
					m.cursor, m.offset = 0, 0
				}
				m.Update(down)
				sink = m.View()
			}
		})
	}
}

func BenchmarkFilterKeystroke(b *testing.B) {
	for _, n := range []int{10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			m := benchModel(b, n)
			m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
			// Alternate typing and deleting a letter so each iteration
			// changes the query and refilters all n domains.
			keys := []tea.KeyMsg{
				{Type: tea.KeyRunes, Runes: []rune("1")},
				{Type: tea.KeyBackspace},
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				m.Update(keys[i&1])
				i++
				sink = m.View()
			}
		})
	}
}
