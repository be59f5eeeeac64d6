package hostnet

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// On a host whose every name carries C1 controls, bidi and zero-width
// characters, no row, under the cursor (wrapped) or not, draws one raw.
func TestHostileNamesEscaped(t *testing.T) {
	p, err := filepath.Abs("../../testdata/hostile.xml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := libvirtx.Open("test://"+p, true)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sv, err := c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{60, 120} {
		m := New(&common.Context{Survey: sv, Styles: styles.New(false), Width: w, Height: 30})
		if !strings.Contains(plain(m), `\u009b`) {
			t.Fatalf("the hostile names are not on screen:\n%s", plain(m))
		}
		for range len(m.rows) {
			v := m.View()
			for _, r := range v {
				if r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r) {
					t.Fatalf("raw %U at %d columns:\n%s", r, w, plain(m))
				}
			}
			checkShape(t, m)
			press(t, m, "j")
		}
	}
}
