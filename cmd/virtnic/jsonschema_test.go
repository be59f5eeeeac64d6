package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The documented JSON shapes (docs/json-schema.json) are checked against
// what virtnic prints, so the documentation cannot drift from the output:
// a field added without documenting it fails here (additionalProperties is
// false throughout).
func TestJSONMatchesSchema(t *testing.T) {
	path, err := filepath.Abs("../../docs/json-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	comp := jsonschema.NewCompiler()
	if err := comp.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	schema := func(def string) *jsonschema.Schema {
		s, err := comp.Compile(path + "#/$defs/" + def)
		if err != nil {
			t.Fatalf("schema %s: %v", def, err)
		}
		return s
	}
	check := func(def, out string) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", def, err, out)
		}
		if err := schema(def).Validate(v); err != nil {
			t.Errorf("%s output does not match docs/json-schema.json: %v\n%s", def, err, out)
		}
	}
	// Every NIC of every demo domain, so each kind and virtual port shows.
	check("list", mustRun(t, "--demo", "list", "--json"))
	check("list", mustRun(t, "--demo", "list", "--json", "--rates=100ms"))
	var doms []struct{ Name string }
	if err := json.Unmarshal([]byte(mustRun(t, "--demo", "list", "--json")), &doms); err != nil {
		t.Fatal(err)
	}
	for _, d := range doms {
		check("show", mustRun(t, "--demo", "show", d.Name, "--json"))
	}
	check("sources", mustRun(t, "--demo", "sources", "--json"))
	check("plan", mustRun(t, "--demo", "set", "router-fw", "0", "--mac", "random", "--dry-run", "--json"))
	check("plan", mustRun(t, "--demo", "add", "web01", "--dry-run", "--json"))
	check("plan", mustRun(t, "--demo", "set", "ovs-tenant", "3", "--vlan", "10,20", "--vlan-native", "20:tagged", "--mtu", "9000", "--dry-run", "--json"))
	check("plan", mustRun(t, "--demo", "remove", "web01", "1", "--dry-run", "--json"))
	check("result", mustRun(t, "--demo", "set", "web01", "0", "--link", "down", "--json"))
	check("result", mustRun(t, "--demo", "set", "web01", "0", "--link", "up", "--json"))
	check("result", mustRun(t, "--demo", "add", "web01", "--if-missing", "--json"))
	check("result", mustRun(t, "--demo", "add", "web01", "--bridge", "br0", "--print-xml", "--json"))
	check("result", mustRun(t, "--demo", "remove", "web01", "1", "--json"))
	checkOut, _, _ := runCLI(t, "-c", fixtureURI(t, "check.xml"), "check", "--json")
	check("check", checkOut)
	// Several hosts: uri and host everywhere, sources as an array, check
	// across them, and the error document of a host that failed.
	a, b := nodeURI(t), secondHost(t)
	check("list", mustRun(t, "-c", a, "-c", b, "list", "--json"))
	check("show", mustRun(t, "-c", a, "-c", b, "show", b+":vm1", "--json"))
	check("sources", mustRun(t, "-c", a, "-c", b, "sources", "--json"))
	checkOut, _, _ = runCLI(t, "-c", a, "-c", b, "check", "--json")
	check("check", checkOut)
	for _, args := range [][]string{
		{"-c", a, "-c", noDaemon, "list", "--json"},
		{"-c", a, "-c", noDaemon, "show", "vm1", "--json"},
		{"-c", a, "-c", b, "show", "vm1", "--json"},
		{"-c", a, "-c", b, "show", "nope", "--json"},
	} {
		_, stderr, code := runCLI(t, args...)
		if code == 0 {
			t.Fatalf("%v succeeded", args)
		}
		check("error", stderr)
	}
	for _, args := range [][]string{
		{"--demo", "set", "web01", "0", "--model", "bad model!", "--json"},
		{"--demo", "show", "no-such-domain", "--json"},
		{"--demo", "-r", "set", "web01", "0", "--link", "down", "--json"},
	} {
		_, stderr, code := runCLI(t, args...)
		if code == 0 {
			t.Fatalf("%v succeeded", args)
		}
		check("error", stderr)
	}
}
