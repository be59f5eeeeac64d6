package findings

import (
	"io"
	"log"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/audit"
	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

func TestMain(m *testing.M) { uitest.Main(m) }

// checked reads testdata/check.xml's survey and checks it, as the root does.
func checked(t *testing.T) ([]audit.Finding, *common.Context) {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", "check.xml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := libvirtx.Open("test://"+p, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatal(err)
	}
	// Named as a user would have typed an alias, so the goldens do not
	// depend on where the repository is.
	const name = "hv-check"
	ctx := &common.Context{Conn: c, URI: c.URI(), Host: name, Styles: styles.New(true), Log: log.New(io.Discard, "", 0), Width: 80, Height: 21}
	ctx.Survey = s
	return audit.Check([]audit.Host{{URI: name, Survey: s}}), ctx
}

func plain(m *Model) string { return ansi.Strip(m.View()) }

func press(t *testing.T, m *Model, k string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, km := range uitest.Keys(k) {
		_, cmd := m.Update(km)
		out = append(out, uitest.Run(cmd)...)
	}
	return out
}

// Every finding shows with its reason and fix; the cursor walks them and
// the view scrolls to keep the whole finding in sight; enter opens the
// finding's NIC by MAC.
func TestFindingsView(t *testing.T) {
	fs, ctx := checked(t)
	survey := ctx.Survey
	ctx.Survey = nil
	m := New(ctx, []*common.Context{ctx})
	if v := plain(m); !strings.Contains(v, "reading the host…") {
		t.Errorf("before the survey:\n%s", v)
	}
	ctx.Survey, ctx.Findings = survey, fs
	m.Update(common.SurveyUpdatedMsg{Host: ctx})
	v := plain(m)
	for _, want := range []string{"✗ error   br-missing NIC 0 (52:54:00:c0:00:0e)  [bridge-missing]", "fix: virtnic", "9 errors · 4 warnings · no notes"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if got := len(strings.Split(m.View(), "\n")); got != 21 {
		t.Errorf("view has %d lines, want 21", got)
	}
	uitest.Golden(t, v+"\n")
	for range len(fs) - 1 {
		press(t, m, "j")
	}
	last := fs[len(fs)-1]
	if v := plain(m); !strings.Contains(v, last.Domain+" NIC 0") {
		t.Errorf("the last finding (%s) is not in view:\n%s", last.Domain, v)
	}
	open, ok := uitest.Find[common.OpenDomainMsg](press(t, m, "enter"))
	if !ok || open.Name != last.Domain || open.MAC != last.NIC.MAC || open.Host != ctx {
		t.Errorf("enter opened %+v, want %s %s", open, last.Domain, last.NIC.MAC)
	}
	// A new survey keeps the cursor on the same finding.
	m.Update(common.SurveyUpdatedMsg{Host: ctx})
	if m.cursor != len(fs)-1 {
		t.Errorf("cursor %d after the same findings again", m.cursor)
	}
	if _, ok := uitest.Find[common.BackMsg](press(t, m, "esc")); !ok {
		t.Error("esc does not go back")
	}
}

func TestNothingFound(t *testing.T) {
	_, ctx := checked(t)
	m := New(ctx, []*common.Context{ctx})
	if v := plain(m); !strings.Contains(v, "nothing found") {
		t.Errorf("clean host:\n%s", v)
	}
	if st, ok := uitest.Find[common.StatusMsg](press(t, m, "enter")); !ok || !strings.Contains(st.Text, "no findings") {
		t.Errorf("enter with nothing found: %+v", st)
	}
}

// A domain name longer than the line gives way: the NIC and the rule id
// stay on the finding's first line.
func TestLongDomainNameKeepsTheRule(t *testing.T) {
	_, ctx := checked(t)
	long := strings.Repeat("very-long-domain-name-", 6)
	ctx.Findings = []audit.Finding{{Severity: audit.Warning, Rule: audit.RuleModeMix, Domain: long,
		NIC: &audit.NICRef{Index: 3, MAC: "52:54:00:00:00:03"}, Message: "m"}}
	m := New(ctx, []*common.Context{ctx})
	first := strings.Split(plain(m), "\n")[1]
	if !strings.HasSuffix(strings.TrimRight(first, " "), "… NIC 3 (52:54:00:00:00:03)  [mode-mix]") || ansi.StringWidth(first) > 80 {
		t.Errorf("first line %q", first)
	}
}
