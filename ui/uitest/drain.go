package uitest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Drain runs cmd and every command its messages lead to, the way
// bubbletea's loop does but synchronously: batches and sequences are
// expanded, bubbles' own animation messages (spinner ticks, cursor blinks)
// are dropped because they only reschedule themselves, and every other
// message goes to deliver, whose returned command is run in turn. It
// returns the messages delivered, in order.
func Drain(t testing.TB, cmd tea.Cmd, deliver func(tea.Msg) tea.Cmd) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		if n > 2000 {
			t.Fatalf("command loop: %d commands and still going", n)
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := Call(t, c)
		if cmds, ok := commands(msg); ok {
			queue = append(queue, cmds...)
			continue
		}
		if msg == nil || animation(msg) {
			continue
		}
		seen = append(seen, msg)
		if _, quit := msg.(tea.QuitMsg); quit {
			continue
		}
		queue = append(queue, deliver(msg))
	}
	return seen
}

// commands unpacks tea.BatchMsg and bubbletea's unexported sequence
// message, both lists of commands.
func commands(msg tea.Msg) ([]tea.Cmd, bool) {
	if msg == nil {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

func animation(msg tea.Msg) bool {
	return strings.HasPrefix(reflect.TypeOf(msg).PkgPath(), "github.com/charmbracelet/bubbles")
}

// Call runs one command, failing the test when it hangs.
func Call(t testing.TB, c tea.Cmd) tea.Msg {
	t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case m := <-done:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("a command did not return within 10 s")
		return nil
	}
}

// Find returns the first message of type T.
func Find[T any](ms []tea.Msg) (T, bool) {
	for _, m := range ms {
		if v, ok := m.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}
