package main

import (
	"encoding/json"
	"strings"
	"testing"

	"virtnic/present"
)

// assertClean fails when out carries any character a terminal could act
// on or that hides or reorders text: every line must need no escaping.
func assertClean(t *testing.T, what, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if present.NeedsEscape(line) {
			t.Errorf("%s: line %d carries raw hidden or control characters: %q", what, i+1, line)
			return
		}
	}
}

// Every CLI output on a host whose every visible string carries C1
// controls, DEL, a bidi override, zero-width and format characters: nothing
// reaches the terminal raw, in plain text or JSON.
func TestHostileHostOutputIsEscaped(t *testing.T) {
	uri := fixtureURI(t, "hostile.xml")
	out := mustRun(t, "-c", uri, "list", "--json")
	assertClean(t, "list --json", out)
	var doms []struct{ Name string }
	if err := json.Unmarshal([]byte(out), &doms); err != nil || len(doms) == 0 {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	if !present.NeedsEscape(doms[0].Name) {
		t.Fatalf("fixture domain %q is not hostile: the test proves nothing", doms[0].Name)
	}
	runs := [][]string{{"list"}, {"sources"}, {"sources", "--json"}, {"check"}, {"check", "--json"}, {"list", "--rates=10ms"}}
	for _, d := range doms {
		runs = append(runs,
			[]string{"show", d.Name}, []string{"show", d.Name, "--json"},
			[]string{"set", d.Name, "0", "--link", "down", "--dry-run"},
			[]string{"set", d.Name, "0", "--link", "down", "--dry-run", "--json"},
			[]string{"set", d.Name, "0", "--link", "down", "--print-xml"},
			[]string{"set", d.Name, "0", "--network", d.Name}, // an error quoting the name
			[]string{"show", d.Name + "\u202e-missing"},
		)
	}
	for _, args := range runs {
		stdout, stderr, _ := runCLI(t, append([]string{"-c", uri}, args...)...)
		what := strings.Join(args, " ")
		assertClean(t, what+" (stdout)", stdout)
		assertClean(t, what+" (stderr)", stderr)
	}
}
