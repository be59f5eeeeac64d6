package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
)

// The root keeps one host survey per connection: read once in the
// background, then kept current domain by domain from the events that name
// one and from the domains screens load (a config-only change raises no
// event; the write path re-checks what it needs itself).

func (a *App) loadSurvey() tea.Cmd {
	if a.ctx.Conn == nil {
		return nil
	}
	return common.LoadSurvey(a.ctx.Conn)
}

func (a *App) surveyed(msg common.SurveyMsg) tea.Cmd {
	if msg.Conn != a.ctx.Conn {
		return nil // a survey of a connection replaced meanwhile
	}
	if msg.Err != nil {
		a.ctx.Logf("host survey: %v", msg.Err)
		// A screen that asked for the survey (the host network view's r)
		// reports it; the others keep what they have.
		return a.broadcast(common.SurveyFailedMsg{Err: msg.Err})
	}
	for _, w := range msg.Survey.Warnings {
		a.ctx.Logf("host survey: %s", w)
	}
	a.ctx.Survey = msg.Survey
	return a.broadcast(common.SurveyUpdatedMsg{})
}

func (a *App) surveyedDomain(msg common.SurveyDomainMsg) tea.Cmd {
	if msg.Conn != a.ctx.Conn || a.ctx.Survey == nil {
		return nil
	}
	if msg.Err != nil {
		a.ctx.Logf("host survey of %s: %v", msg.Name, msg.Err)
		return nil
	}
	if msg.Exists {
		a.ctx.Survey.Put(msg.Domain)
	} else {
		a.ctx.Survey.Drop(msg.Name)
	}
	return a.broadcast(common.SurveyUpdatedMsg{})
}

// surveyEvent re-reads the domain an event names.
func (a *App) surveyEvent(ev libvirtx.Event) tea.Cmd {
	if a.ctx.Survey == nil || ev.Domain == "" || a.ctx.Conn == nil {
		return nil
	}
	return common.RefreshSurveyDomain(a.ctx.Conn, ev.Domain)
}

// surveyLoaded folds a domain a screen loaded into the survey, so the
// reload after a write updates it without another read.
func (a *App) surveyLoaded(msg common.DomainLoadedMsg) tea.Cmd {
	if msg.Err != nil || msg.Domain == nil || a.ctx.Survey == nil {
		return nil
	}
	a.ctx.Survey.Put(msg.Domain.Survey())
	return a.broadcast(common.SurveyUpdatedMsg{})
}
