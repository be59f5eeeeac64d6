package libvirtx

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"virtnic/libvirtx/internal/clocale"
	"virtnic/libvirtx/testdaemon"
)

// translatedLocale is the language the scenarios are repeated in. Czech,
// because its libvirt catalogue translates every message they meet;
// German, for one, leaves the read-only refusals in English, so it could
// not show that their meaning survives translation.
const (
	translatedLocale = "cs_CZ.UTF-8"
	translatedInput  = "cs_CZ"
)

// nobodyID is the unprivileged account the socket-permission scenario runs
// as: root may open any socket.
const nobodyID = 65534

// TestErrorMeaningsOfRealFailures produces every scenario's failure for real
// against the test driver and a private libvirtd, first in English, then
// with libvirt translated: libvirtd restarted in the translated locale (its
// messages are formatted there) and the client in a child process that
// calls setlocale, which a Go program never does on its own. Each failure
// must mean the same in both, while its message differs.
func TestErrorMeaningsOfRealFailures(t *testing.T) {
	d := testdaemon.Start(t)
	const dom = "vnerr1"
	d.DefineDomain(t, dom, testdaemon.DisklessDomainXML(dom, testdaemon.MAC(0xe0e1), "lo", ""))
	dir := worldReadableDir(t)
	env := scenarioEnv{URI: d.URI(), ROURI: d.ROURI(), Missing: filepath.Join(dir, "none", "libvirt-sock"), Domain: dom}

	var english []outcome
	t.Run("English", func(t *testing.T) {
		english = append(runChild(t, dir, env, true, nil), runScenarios(env, false, d.Kill)...)
		checkOutcomes(t, english)
	})
	t.Run("translated", func(t *testing.T) {
		loc := localeEnv(t, dir)
		d.RestartWithEnv(t, loc...)
		env.PID = d.PID()
		got := append(runChild(t, dir, env, true, loc), runChild(t, dir, env, false, loc)...)
		d.Kill() // the child killed it; this brings d up to date
		compareTranslated(t, english, got)
	})
}

// localeEnv is the environment of a translated run. The locale is compiled
// into dir and found through LOCPATH, so nothing system-wide is needed or
// changed: localedef comes with the C library, the locale's definition with
// the locales package. Without them an installed locale of that name serves.
func localeEnv(t *testing.T, dir string) []string {
	env := []string{"LANG=" + translatedLocale, "LC_ALL=" + translatedLocale, "LANGUAGE="}
	out, err := exec.Command("localedef", "-i", translatedInput, "-f", "UTF-8", filepath.Join(dir, translatedLocale)).CombinedOutput()
	if _, serr := os.Stat(filepath.Join(dir, translatedLocale, "LC_MESSAGES")); serr == nil {
		return append(env, "LOCPATH="+dir)
	}
	t.Logf("localedef %s: %v %s; trying an installed locale", translatedInput, err, out)
	return env
}

// missingSetup skips a test the machine cannot run, or fails it under
// CI=true, where it must run.
func missingSetup(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: this must run in CI)", reason)
	}
	t.Skip(reason)
}

func compareTranslated(t *testing.T, english, got []outcome) {
	t.Helper()
	en := map[string]outcome{}
	for _, o := range english {
		en[o.Name] = o
	}
	byName := map[string]scenario{}
	for _, s := range scenarios {
		byName[s.name] = s
	}
	translated := 0
	var stayed []string
	for _, o := range got {
		e, ok := en[o.Name]
		s := byName[o.Name]
		switch {
		case !ok:
			t.Errorf("%s ran only translated", o.Name)
			continue
		case o.Kind != e.Kind || o.Meaning != e.Meaning || o.Lost != e.Lost,
			!s.racy && (o.Code != e.Code || o.Domain != e.Domain):
			t.Errorf("%s: translated %v %q (domain %d, code %d), English %v %q (domain %d, code %d)",
				o.Name, o.Kind, o.Meaning, o.Domain, o.Code, e.Kind, e.Meaning, e.Domain, e.Code)
		}
		switch {
		case s.racy: // its words differ between runs anyway
		case o.Message != e.Message:
			translated++
		case !s.libxml:
			stayed = append(stayed, o.Name)
		}
		t.Logf("%-48s %-18v %s", o.Name, o.Kind, o.Message)
	}
	if len(got) != len(english) {
		t.Errorf("%d scenarios ran translated, %d in English", len(got), len(english))
	}
	if translated == 0 {
		missingSetup(t, "libvirt's messages came out in English: install libvirt's translations (Debian: libvirt-l10n)")
	}
	if len(stayed) > 0 {
		t.Errorf("under %s these messages stayed English, so the test proves nothing for them: %v", translatedLocale, stayed)
	}
}

// The child process: TestErrorScenarioChild runs the scenarios its parent
// names in childSpecVar and writes the outcomes to a file, as the test
// binary's standard output is the testing package's.
const childSpecVar = "VIRTNIC_ERROR_SCENARIOS"

type childSpec struct {
	Env       scenarioEnv
	Nobody    bool
	SetLocale bool
	Out       string
}

type childResult struct {
	Locale   string // what setlocale put in effect, "" if it failed
	Outcomes []outcome
}

func TestErrorScenarioChild(t *testing.T) {
	raw := os.Getenv(childSpecVar)
	if raw == "" {
		t.Skip("runs only as the child of TestErrorMeaningsOfRealFailures")
	}
	var spec childSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		t.Fatal(err)
	}
	var res childResult
	if spec.SetLocale {
		res.Locale = clocale.FromEnvironment()
	}
	kill := func() {
		if err := killAndWait(spec.Env.PID); err != nil {
			t.Error(err)
		}
	}
	res.Outcomes = runScenarios(spec.Env, spec.Nobody, kill)
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec.Out, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var childRuns int

// runChild runs this test binary as the child, as nobody (from a copy it
// can execute) or as root, in the C locale or with loc.
func runChild(t *testing.T, dir string, env scenarioEnv, nobody bool, loc []string) []outcome {
	t.Helper()
	childRuns++
	out := filepath.Join(dir, "out"+strconv.Itoa(childRuns)+".json")
	spec, err := json.Marshal(childSpec{Env: env, Nobody: nobody, SetLocale: loc != nil, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestErrorScenarioChild$", "-test.count=1")
	if nobody {
		bin = copyExecutable(t, bin, filepath.Join(dir, "child.test"))
		cmd = exec.Command(bin, cmd.Args[1:]...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobodyID, Gid: nobodyID}}
		if err := os.WriteFile(out, nil, 0o666); err != nil || os.Chmod(out, 0o666) != nil {
			t.Fatalf("output file for the child: %v", err)
		}
	}
	cmd.Env = append(append(os.Environ(), childSpecVar+"="+string(spec), "HOME="+dir), loc...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child (nobody %v, locale %v): %v\n%s", nobody, loc, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res childResult
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("child output %q: %v", b, err)
	}
	if loc != nil && res.Locale == "" {
		missingSetup(t, "locale "+translatedLocale+" is not available: localedef and the locales package's definitions are needed")
	}
	return res.Outcomes
}

// copyExecutable copies the binary where nobody may run it (go test keeps
// its binaries in a directory only root may enter), once.
func copyExecutable(t *testing.T, from, to string) string {
	t.Helper()
	if _, err := os.Stat(to); err == nil {
		return to
	}
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return to
}

// worldReadableDir is a temporary directory the nobody child can use.
func worldReadableDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "vnerr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
