package main

import (
	"encoding/json"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// writeResult is the part of a write's --json result the tests read.
type writeResult struct {
	Schema  int    `json:"schema"`
	Changed bool   `json:"changed"`
	Op      string `json:"op"`
	Index   int    `json:"index"`
	MAC     string `json:"mac"`
	Path    string `json:"path"`
	Fields  []struct {
		Field string `json:"field"`
		Old   string `json:"old"`
		New   string `json:"new"`
		Live  struct {
			Status string `json:"status"`
			Reason string `json:"reason"`
		} `json:"live"`
	} `json:"fields"`
	Live *struct {
		Status string `json:"status"`
	} `json:"live"`
	Pending  []string        `json:"pending"`
	Warnings []string        `json:"warnings"`
	Diff     string          `json:"diff"`
	Plan     json.RawMessage `json:"plan"`
	Note     string          `json:"note"`
}

func decodeResult(t *testing.T, out string) writeResult {
	t.Helper()
	var r writeResult
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("result is not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value on stdout:\n%s", out)
	}
	if r.Schema != resultSchema {
		t.Fatalf("schema %d, want %d", r.Schema, resultSchema)
	}
	return r
}

// set --json says what changed, what the running guest got per field and
// which fields wait for the next shutdown; the same set again is
// changed:false with nothing written.
func TestSetJSONResult(t *testing.T) {
	out, stderr, code := runCLI(t, "--demo", "set", "web01", "0", "--link", "down", "--model", "e1000e", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decodeResult(t, out)
	if !r.Changed || r.Op != "set" || r.Path != "define" || len(r.Fields) != 2 || r.Diff == "" || len(r.Plan) < 10 {
		t.Fatalf("result %+v", r)
	}
	var after []string
	for _, f := range r.Fields {
		if f.Live.Status == "" || f.Live.Reason == "" {
			t.Errorf("field %s has no live outcome with a reason: %+v", f.Field, f.Live)
		}
		if f.Live.Status == "after shutdown" || f.Live.Status == "failed" {
			after = append(after, f.Field)
		}
	}
	if strings.Join(after, ",") != strings.Join(r.Pending, ",") || len(r.Pending) == 0 {
		t.Errorf("pending %v, but fields waiting for a shutdown are %v", r.Pending, after)
	}

	out, _, code = runCLI(t, "--demo", "set", "web01", "0", "--link", "up", "--json")
	r = decodeResult(t, out)
	if code != 0 || r.Changed || r.Path != "" || len(r.Fields) != 0 || len(r.Pending) != 0 {
		t.Errorf("unchanged set: exit %d, %+v", code, r)
	}
}

// Under --json a failure is one JSON object on stderr, with the exit
// code's meaning, the fields at fault, or libvirt's error.
func TestErrorsAreJSONUnderJSON(t *testing.T) {
	type errOut struct {
		Schema int `json:"schema"`
		Error  struct {
			Message     string `json:"message"`
			Exit        int    `json:"exit"`
			ExitMeaning string `json:"exit_meaning"`
			Libvirt     *struct {
				Kind    string `json:"kind"`
				Message string `json:"message"`
			} `json:"libvirt"`
			Problems []struct {
				Field    string `json:"field"`
				Severity string `json:"severity"`
			} `json:"problems"`
		} `json:"error"`
	}
	decode := func(s string) errOut {
		var e errOut
		if err := json.Unmarshal([]byte(s), &e); err != nil {
			t.Fatalf("stderr is not JSON: %v\n%s", err, s)
		}
		return e
	}
	out, stderr, code := runCLI(t, "--demo", "set", "web01", "0", "--model", "bad model!", "--json")
	e := decode(stderr)
	if code != 2 || out != "" || e.Error.Exit != 2 || !strings.Contains(e.Error.ExitMeaning, "nothing was written") ||
		len(e.Error.Problems) == 0 || e.Error.Problems[0].Field != "model" {
		t.Errorf("invalid model: exit %d, stdout %q, %+v", code, out, e)
	}
	_, stderr, code = runCLI(t, "--demo", "show", "no-such-domain", "--json")
	e = decode(stderr)
	if code != 1 || e.Error.Libvirt == nil || e.Error.Libvirt.Kind != "no-domain" || e.Error.Libvirt.Message == "" {
		t.Errorf("unknown domain: exit %d, %+v", code, e)
	}
	// Without --json the error stays one text line.
	if _, stderr, _ := runCLI(t, "--demo", "show", "no-such-domain"); !strings.HasPrefix(stderr, "virtnic: ") {
		t.Errorf("text error %q", stderr)
	}
}

// add --if-missing makes provisioning idempotent: matched by MAC when one is
// given, else by source; a second run is changed:false and writes nothing.
func TestAddIfMissingRealDaemon(t *testing.T) {
	d := testdaemon.Shared(t)
	bin := virtnicBinary(t)
	const dom = "vnifmissing"
	raceDomain(t, d, dom, 0x7f0600)
	add := func(args ...string) writeResult {
		t.Helper()
		r := runBin(bin, append([]string{"-c", d.URI(), "add", dom, "--direct", "vnracenone", "--force", "--if-missing", "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("add %v: exit %d: %s", args, r.code, r.stderr)
		}
		return decodeResult(t, r.stdout)
	}
	if r := add(); r.Changed || r.Index != 0 || r.Note == "" {
		t.Errorf("a NIC on vnracenone exists, yet: %+v", r)
	}
	mac := testdaemon.MAC(0x7f0610)
	if r := add("--mac", mac); !r.Changed || r.MAC != mac || r.Path == "" {
		t.Errorf("new MAC not added: %+v", r)
	}
	if r := add("--mac", strings.ToUpper(mac)); r.Changed || r.MAC != mac {
		t.Errorf("second run with the same MAC: %+v", r)
	}
	if n := len(configNICs(t, d, dom)); n != 3 {
		t.Errorf("config has %d NICs, want 3 (two before, one added once)", n)
	}
}
