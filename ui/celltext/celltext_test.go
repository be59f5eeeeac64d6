package celltext

import (
	"slices"
	"testing"
)

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want []string
	}{
		{"", 10, []string{""}},
		{"one two three", 7, []string{"one two", "three"}},
		{"  spaces   collapse  ", 20, []string{"spaces collapse"}},
		{"abcdefghij x", 4, []string{"abcd", "efgh", "ij x"}},
		{"ab 漢字漢字", 5, []string{"ab", "漢字", "漢字"}}, // wide runes count two cells
	} {
		if got := Wrap(c.s, c.w); !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

func TestPadRight(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want string
	}{
		{"ab", 4, "ab  "}, {"漢", 4, "漢  "}, {"abcdef", 4, "abcdef"}, {"", 0, ""},
	} {
		if got := PadRight(c.s, c.w); got != c.want {
			t.Errorf("PadRight(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

func TestFit(t *testing.T) {
	got := Fit([]string{"abcdef", "漢字漢字", "c", "d"}, 4, 3)
	if want := []string{"abcd", "漢字", "c"}; !slices.Equal(got, want) {
		t.Errorf("Fit cutting = %q, want %q", got, want)
	}
	if got := Fit([]string{"a"}, 4, 3); !slices.Equal(got, []string{"a", "", ""}) {
		t.Errorf("Fit filling = %q", got)
	}
}
