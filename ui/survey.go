package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
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
	return s.app.broadcast(common.SurveyUpdatedMsg{Host: s.ctx})
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
	return s.app.broadcast(common.SurveyUpdatedMsg{Host: s.ctx})
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
	return s.app.broadcast(common.SurveyUpdatedMsg{Host: s.ctx})
}
