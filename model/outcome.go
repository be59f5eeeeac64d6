package model

// LiveStatus says what happens (in a plan: is predicted to happen) to the
// running guest for one change.
type LiveStatus string

const (
	LiveApplied       LiveStatus = "applied"
	LiveNotApplicable LiveStatus = "not applicable"
	LiveAfterShutdown LiveStatus = "after shutdown"
	LiveFailed        LiveStatus = "failed"
	LiveRequested     LiveStatus = "requested"
)

// LiveOutcome is the live side of a write. Reason explains a status other
// than applied; Message carries libvirt's own words when libvirt said no.
type LiveOutcome struct {
	Status  LiveStatus `json:"status"`
	Reason  string     `json:"reason,omitempty"`
	Message string     `json:"message,omitempty"`
}

// FieldOutcome is one changed field with its live outcome.
type FieldOutcome struct {
	Change
	Live LiveOutcome `json:"live"`
}
