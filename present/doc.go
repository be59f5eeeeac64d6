// Package present makes strings from libvirt safe to show: in the TUI, in CLI
// tables and messages, and in JSON. (It is also where wording shared by the
// TUI and the CLI belongs.) It depends on nothing of virtnic, so every other
// package may use it.
//
// Whoever can define a domain, network or host interface chooses its names,
// title, description and profileids; the admin running virtnic reads them in a
// terminal, often over SSH. Printed raw, a C0 or C1 control moves the cursor,
// clears the screen, retitles the window or writes the clipboard (OSC 52,
// also in its 8-bit form U+009D … U+009C), a bidi control reverses what
// follows, and zero-width or other invisible characters make two different
// names look the same. So every such string is escaped on its way out.
//
// # What is escaped
//
// Safe replaces, and only these:
//
//   - C0 controls U+0000–U+001F (tab and newline included) and DEL: \x00 … \x1f, \x7f
//   - bytes that are not valid UTF-8: \xNN, one per byte
//   - C1 controls U+0080–U+009F: \u0080 … \u009f
//   - format characters (Unicode category Cf) — the bidi controls U+061C,
//     U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, the zero-width
//     characters U+200B–U+200D and U+2060–U+2064, the BOM U+FEFF, the soft
//     hyphen U+00AD, the tag characters U+E0001 and U+E0020–U+E007F and the
//     rest of Cf: \u202e, \u200b, \ufeff, \U000e0041 …
//   - the line and paragraph separators U+2028 and U+2029: \u2028, \u2029
//
// Everything else, letters of every script, CJK, combining marks and emoji,
// passes unchanged. That includes the backslash, so the display is not
// one-to-one: a name holding the four characters `\x1b` looks like one
// holding ESC. Escaping the backslash too would change ordinary names and
// make Safe(Safe(s)) differ from Safe(s); the exact value is what the JSON
// output is for. Lookalike letters of other scripts are not this package's
// business either: they are visible characters.
//
// # API
//
//	Safe(s string) string           one line: escapes all of the above
//	SafeMultiline(s string) string  as Safe but keeps '\n' (descriptions, diffs)
//	NeedsEscape(s string) bool      whether Safe(s) != s
//	Width(s string) int             terminal columns of Safe(s)
//	NewTable(w io.Writer, indent string) *Table
//	(*Table).Row(cells ...string)   adds a row; cells go through Safe
//	(*Table).Flush() error          writes the rows, columns padded by display width
//	EncodeJSON(w io.Writer, v any) error  indented JSON with the same runes \u-escaped
//
// Safe and SafeMultiline return their argument itself, without allocating,
// when nothing needs escaping.
//
// # Rules for callers
//
//   - Escape for display only, at the point where the text is written; keep
//     the raw string for lookups, comparisons, the XML and what the user
//     typed, so that `virtnic show NAME` finds the domain by its real name.
//   - Escape first, then measure, truncate, pad or style: ansi.Truncate and
//     lipgloss treat controls as zero-width escape sequences, so a raw name
//     would be cut and padded wrongly. Measure with Width or
//     ansi.StringWidth, which agree on escaped text.
//   - CLI tables: NewTable instead of text/tabwriter, which counts runes and
//     so misaligns wide characters. Single values in messages: Safe.
//   - JSON: EncodeJSON instead of a json.Encoder.
//   - Errors: libvirt quotes names raw in its messages, so an error shown to
//     the user is shown as Safe(err.Error()).
package present
