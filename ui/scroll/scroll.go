// Package scroll keeps a list's cursor in view: the one piece of
// arithmetic every scrolling list of the UI shares.
package scroll

// Follow is the first row to show of n rows, rows at a time, so that the
// cursor is in view: offset moved as little as needed, and never so far
// that blank rows show below the last one while earlier rows are hidden.
func Follow(offset, cursor, rows, n int) int {
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+rows {
		offset = cursor - rows + 1
	}
	return max(0, min(offset, n-rows))
}
