package nicform

import (
	"fmt"
	"io"
	"log"
	"os"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

// demo is the embedded demo host on libvirt's test driver: a real
// connection, so the form sees exactly what LoadDomain and the host survey
// return.
var demo *libvirtx.Conn

// TestMain opens the demo once; it is closed with the process.
func TestMain(m *testing.M) { uitest.Main(m, openDemo) }

func openDemo() {
	c, err := libvirtx.OpenDemo(false)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open demo connection:", err)
		os.Exit(1)
	}
	demo = c
}

// open builds the form for NIC idx of a demo domain at 76x35.
func open(t *testing.T, domain string, idx int, readOnly bool) *Model {
	t.Helper()
	d, err := demo.LoadDomain(domain)
	if err != nil {
		t.Fatalf("LoadDomain(%s): %v", domain, err)
	}
	src, ectx := host(t, d.Info.Name)
	ctx := &common.Context{Conn: demo, URI: demo.URI(), ReadOnly: readOnly, Demo: true,
		Styles: styles.New(true), Log: log.New(io.Discard, "", 0)}
	nic := model.NIC{Index: idx, NotEditableReason: "no such NIC"}
	if idx >= 0 && idx < len(d.NICs) {
		nic = d.NICs[idx]
	}
	m := New(ctx, nic, d.Info, src, ectx)
	m.SetSize(76, 35)
	return m
}

// host is the demo's sources and the validation context for domain, from
// one survey as the TUI reads it.
func host(t *testing.T, domain string) (model.Sources, model.Context) {
	t.Helper()
	sv, err := demo.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatalf("Survey: %v", err)
	}
	return sv.Sources(), sv.Context(domain)
}

func press(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var space = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}

// send feeds messages to the form and returns what its commands emit.
func send(m *Model, msgs ...tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, msg := range msgs {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		out = append(out, run(cmd)...)
	}
	return out
}

func run(cmd tea.Cmd) []tea.Msg { return uitest.Run(cmd) }

// typeText types s one key at a time, as a user would.
func typeText(m *Model, s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		if r == ' ' {
			out = append(out, send(m, space)...)
			continue
		}
		out = append(out, send(m, runes(string(r)))...)
	}
	return out
}

// focusOn tabs to the row with the given label.
func focusOn(t *testing.T, m *Model, f fieldID) {
	t.Helper()
	for range numFields + 1 {
		if m.focus == f {
			return
		}
		send(m, press(tea.KeyTab))
	}
	t.Fatalf("cannot reach field %q; shown: %v", labels[f], shownLabels(m))
}

func shownLabels(m *Model) []string {
	var out []string
	for _, f := range m.visible() {
		out = append(out, labels[f])
	}
	return out
}

func plain(m *Model) string { return ansi.Strip(m.View()) }
