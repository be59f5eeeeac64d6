package scroll

import "testing"

func TestFollow(t *testing.T) {
	for _, c := range []struct{ offset, cursor, rows, n, want int }{
		{0, 0, 5, 20, 0},
		{0, 4, 5, 20, 0},    // last visible row: no move
		{0, 5, 5, 20, 1},    // one below: one row
		{10, 3, 5, 20, 3},   // above: the cursor becomes the first row
		{15, 19, 5, 20, 15}, // the end
		{18, 19, 5, 20, 15}, // too far after a shrink: no blank rows below
		{3, 2, 10, 4, 0},    // fewer rows than fit
		{0, 0, 5, 0, 0},     // empty
	} {
		if got := Follow(c.offset, c.cursor, c.rows, c.n); got != c.want {
			t.Errorf("Follow(%d, %d, %d, %d) = %d, want %d", c.offset, c.cursor, c.rows, c.n, got, c.want)
		}
	}
}
