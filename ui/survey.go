package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/audit"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
)

// The root keeps one host survey per host: read once in the background,
// then kept current domain by domain from the events that name one and
// from the domains screens load (a config-only change raises no event; the
// write path re-checks what it needs itself).

func (s *session) loadSurvey() tea.Cmd {
	if s.ctx.Conn == nil {
		return nil
	}
	return common.LoadSurvey(s.ctx)
}

func (s *session) surveyed(msg common.SurveyMsg) tea.Cmd {
	if msg.Conn != s.ctx.Conn {
		return nil // a survey of a connection replaced meanwhile
	}
	if msg.Err != nil {
		s.ctx.Logf("%s: host survey: %v", s.ctx.HostName(), msg.Err)
		// A screen that asked for the survey (the host network view's r)
		// reports it; the others keep what they have.
		return s.app.broadcast(common.SurveyFailedMsg{Host: s.ctx, Err: msg.Err})
	}
	for _, w := range msg.Survey.Warnings {
		s.ctx.Logf("%s: host survey: %s", s.ctx.HostName(), w)
	}
	s.ctx.Survey = msg.Survey
	return s.updated()
}

func (s *session) surveyedDomain(msg common.SurveyDomainMsg) tea.Cmd {
	if msg.Conn != s.ctx.Conn || s.ctx.Survey == nil {
		return nil
	}
	if msg.Err != nil {
		s.ctx.Logf("%s: host survey of %s: %v", s.ctx.HostName(), msg.Name, msg.Err)
		return nil
	}
	if msg.Exists {
		s.ctx.Survey.Put(msg.Domain)
	} else {
		s.ctx.Survey.Drop(msg.Name)
	}
	return s.updated()
}

// updated tells the screens the survey changed and has the hosts checked
// again (findingsChanged).
func (s *session) updated() tea.Cmd {
	return tea.Batch(s.app.broadcast(common.SurveyUpdatedMsg{Host: s.ctx}), s.app.findingsChanged())
}

// recheckEvery spaces the checks: one now when the last is older, else one
// when it is that old. A check is pure Go over memory but reads every NIC
// of every host (audit.BenchmarkCheck10k: about 40 ms for 10,000
// domains), and a busy host sends events in bursts. A variable so tests
// need not wait.
var recheckEvery = time.Second

type recheckMsg struct{}

// findingsChanged checks the hosts again, at most once per recheckEvery.
// Every host is checked: the rules across hosts tie them together.
func (a *App) findingsChanged() tea.Cmd {
	if a.recheckDue {
		return nil
	}
	if wait := recheckEvery - time.Since(a.lastCheck); wait > 0 {
		a.recheckDue = true
		return tea.Tick(wait, func(time.Time) tea.Msg { return recheckMsg{} })
	}
	a.recheck()
	return a.broadcast(common.FindingsUpdatedMsg{})
}

func (a *App) recheckNow() tea.Cmd {
	a.recheckDue = false
	a.recheck()
	return a.broadcast(common.FindingsUpdatedMsg{})
}

// recheck sets every host's Findings from the surveys read so far. Hosts
// are named as the user gave them, so a fix command is one to paste; the
// demo host has no URI to give.
func (a *App) recheck() {
	a.lastCheck = time.Now()
	var hosts []audit.Host
	byURI := map[string]*common.Context{}
	for _, s := range a.sessions {
		s.ctx.Findings = nil
		if s.ctx.Survey == nil {
			continue
		}
		uri := checkURI(s.ctx)
		byURI[uri] = s.ctx
		hosts = append(hosts, audit.Host{URI: uri, Name: s.ctx.HostName(), Survey: s.ctx.Survey})
	}
	for _, f := range audit.Check(hosts) {
		if c := byURI[f.URI]; c != nil {
			c.Findings = append(c.Findings, f)
		}
	}
}

// checkURI is how the findings name host c: as the user gave it.
func checkURI(c *common.Context) string {
	switch {
	case c.Demo:
		return ""
	case c.Host != "":
		return c.Host
	}
	return model.DisplayURI(c.URI)
}

// surveyEvent re-reads the domain an event names.
func (s *session) surveyEvent(ev libvirtx.Event) tea.Cmd {
	if s.ctx.Survey == nil || ev.Domain == "" || s.ctx.Conn == nil {
		return nil
	}
	return common.RefreshSurveyDomain(s.ctx, ev.Domain)
}

// surveyLoaded folds a domain a screen loaded into the survey, so the
// reload after a write updates it without another read.
func (s *session) surveyLoaded(msg common.DomainLoadedMsg) tea.Cmd {
	if msg.Err != nil || msg.Domain == nil || s.ctx.Survey == nil {
		return nil
	}
	s.ctx.Survey.Put(msg.Domain.Survey())
	return s.updated()
}
