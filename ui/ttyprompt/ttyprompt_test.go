package ttyprompt

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"virtnic/libvirtx"
)

func TestAskShowsQuestionsAndHidesPasswords(t *testing.T) {
	creds := []libvirtx.Credential{
		{Kind: libvirtx.CredAuthname, Prompt: "Enter username for localhost [root]", Default: "root"},
		{Kind: libvirtx.CredPassphrase, Prompt: "Enter alice's password for localhost"},
		{Kind: libvirtx.CredEchoPrompt, Prompt: "Accept SSH host key with hash 'ab' for host 'h:22' (y/n)?"},
		{Kind: libvirtx.CredRealm, Default: "EXAMPLE.ORG"},
		{Kind: libvirtx.CredNoEchoPrompt, Prompt: "Verification\x1b[31m code:", Challenge: "localhost"},
	}
	in := strings.NewReader("alice\r\nyes\n\n")
	var out bytes.Buffer
	var hiddenReads int
	hidden := func() (string, error) {
		hiddenReads++
		return []string{"s3cret", "123456"}[hiddenReads-1], nil
	}
	if err := Ask(in, &out, hidden, creds); err != nil {
		t.Fatal(err)
	}
	want := []string{"alice", "s3cret", "yes", "", "123456"}
	for i, c := range creds {
		if c.Answer != want[i] {
			t.Errorf("answer %d = %q, want %q", i, c.Answer, want[i])
		}
	}
	if hiddenReads != 2 {
		t.Errorf("%d hidden reads, want 2 (the password and the code)", hiddenReads)
	}
	got := out.String()
	for _, w := range []string{
		"Enter username for localhost [root]: ", // its default is named once
		"Enter alice's password for localhost: \n",
		"(y/n)? ",
		"Realm [EXAMPLE.ORG]: ",
		"Verification\\x1b[31m code: \n", // escaped, not a colour
	} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "s3cret") || strings.Contains(got, "123456") || strings.Contains(got, "[root] [root]") ||
		strings.Contains(got, "localhost\n") {
		t.Errorf("output shows a secret or the default twice:\n%s", got)
	}
}

func TestAskEndOfInput(t *testing.T) {
	creds := []libvirtx.Credential{{Kind: libvirtx.CredAuthname, Prompt: "User"}}
	err := Ask(strings.NewReader(""), &bytes.Buffer{}, nil, creds)
	if err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Errorf("EOF: %v", err)
	}
	boom := errors.New("read failed")
	creds = []libvirtx.Credential{{Kind: libvirtx.CredPassphrase, Prompt: "Password"}}
	if err := Ask(strings.NewReader(""), &bytes.Buffer{}, func() (string, error) { return "", boom }, creds); !errors.Is(err, boom) {
		t.Errorf("hidden read error: %v", err)
	}
}
