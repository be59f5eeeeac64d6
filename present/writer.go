package present

import (
	"io"
	"unicode/utf8"
)

// SafeWriter escapes, as SafeMultiline does, everything written through it,
// so no string from libvirt reaches a terminal raw whatever path printed it
// (a table cell, an error message quoting a name, a warning). Text already
// made safe passes unchanged. A rune split across two writes is held back
// until its rest arrives.
type SafeWriter struct {
	w     io.Writer
	carry []byte
}

// NewSafeWriter wraps w.
func NewSafeWriter(w io.Writer) *SafeWriter { return &SafeWriter{w: w} }

// Write escapes p and writes it; it reports len(p) on success.
func (s *SafeWriter) Write(p []byte) (int, error) {
	buf := append(s.carry, p...)
	s.carry = nil
	cut := len(buf)
	// Keep an incomplete rune at the end for the next write.
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	s.carry = append(s.carry, buf[cut:]...)
	if _, err := io.WriteString(s.w, SafeMultiline(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Unwrap is the writer underneath (a terminal check needs the real file).
func (s *SafeWriter) Unwrap() io.Writer { return s.w }

// Flush writes a held-back incomplete rune (as its escaped bytes).
func (s *SafeWriter) Flush() error {
	if len(s.carry) == 0 {
		return nil
	}
	_, err := io.WriteString(s.w, SafeMultiline(string(s.carry)))
	s.carry = nil
	return err
}
