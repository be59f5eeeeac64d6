package present

import "testing"

func TestRate(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{-1, "-"}, {0, "0 B/s"}, {999, "999 B/s"}, {999.6, "1.0 kB/s"}, {1234, "1.2 kB/s"},
		{9949, "9.9 kB/s"}, {9951, "10 kB/s"}, {125_000_000, "125 MB/s"}, {1.25e9, "1.2 GB/s"}, {3e15, "3000 TB/s"},
	} {
		if got := Rate(c.in); got != c.want {
			t.Errorf("Rate(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSparkline(t *testing.T) {
	for _, c := range []struct {
		in    []float64
		width int
		ascii bool
		want  string
	}{
		{nil, 4, false, "    "},
		{[]float64{0, 0}, 4, false, "  ▁▁"},
		{[]float64{0, 1, 2, 4, 8}, 5, false, "▁▂▃▅█"},
		{[]float64{8, 0, 1, 2, 4, 8}, 5, false, "▁▂▃▅█"}, // oldest dropped
		{[]float64{0, 4, 8}, 3, true, "_+@"},
		{[]float64{1, 2}, 0, false, ""},
	} {
		if got := Sparkline(c.in, c.width, c.ascii); got != c.want {
			t.Errorf("Sparkline(%v, %d, %v) = %q, want %q", c.in, c.width, c.ascii, got, c.want)
		}
	}
}
