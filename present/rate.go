package present

import (
	"fmt"
	"math"
	"strings"
)

// Rate words bytes per second the way iftop and virt-top users read them:
// decimal units, one decimal below ten, "-" when unknown (negative).
func Rate(bps float64) string {
	if bps < 0 || math.IsNaN(bps) {
		return "-"
	}
	units := []string{"B/s", "kB/s", "MB/s", "GB/s", "TB/s"}
	i := 0
	for bps >= 999.5 && i < len(units)-1 {
		bps /= 1000
		i++
	}
	if i > 0 && bps < 9.95 {
		return fmt.Sprintf("%.1f %s", bps, units[i])
	}
	return fmt.Sprintf("%.0f %s", bps, units[i])
}

var (
	sparkUTF8  = []rune("▁▂▃▄▅▆▇█")
	sparkASCII = []rune("_.-=+*#@")
)

// Sparkline draws the last width values as one row of bars scaled to the
// largest: the shape of a NIC's traffic in a few columns. Missing history
// is padded with blanks on the left, so the newest value is always at the
// right edge; all-zero traffic is the lowest bar, not blank, so "idle"
// reads differently from "not measured yet".
func Sparkline(values []float64, width int, ascii bool) string {
	if width <= 0 {
		return ""
	}
	bars := sparkUTF8
	if ascii {
		bars = sparkASCII
	}
	if len(values) > width {
		values = values[len(values)-width:]
	}
	top := 0.0
	for _, v := range values {
		top = math.Max(top, v)
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", width-len(values)))
	for _, v := range values {
		i := 0
		if top > 0 && v > 0 {
			i = int(math.Round(v / top * float64(len(bars)-1)))
		}
		b.WriteRune(bars[max(0, min(i, len(bars)-1))])
	}
	return b.String()
}

// Bytes words a byte count in the same decimal units as Rate.
func Bytes(n uint64) string {
	return strings.TrimSuffix(Rate(float64(n)), "/s")
}
