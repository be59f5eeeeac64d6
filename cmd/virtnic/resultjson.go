package main

import (
	"errors"
	"io"

	"virtnic/libvirtx"
	"virtnic/model"
)

// resultSchema versions the JSON of write results and errors (docs/json.md);
// a script checks it before trusting a field.
const resultSchema = 1

// resultJSON is what set/add/remove/apply --json print after writing (or
// deciding there is nothing to write).
type resultJSON struct {
	Schema  int      `json:"schema"`
	Changed bool     `json:"changed"`
	Op      model.Op `json:"op"`
	URI     string   `json:"uri"`
	Domain  string   `json:"domain"`
	UUID    string   `json:"uuid"`
	Index   int      `json:"index"`
	MAC     string   `json:"mac"`
	// Path is how the config was written; "" when nothing was.
	Path     libvirtx.WritePath `json:"path"`
	Verified string             `json:"verified,omitempty"`
	// Fields are a set's changes, each with what the running guest got.
	Fields []model.FieldOutcome `json:"fields"`
	Live   *model.LiveOutcome   `json:"live"`
	// Pending are the fields that reach the running guest only after its
	// next shutdown (or whose live change failed): config and guest differ.
	Pending   []string          `json:"pending"`
	Generated map[string]string `json:"generated"`
	Warnings  []string          `json:"warnings"`
	Others    []string          `json:"others"`
	Diff      string            `json:"diff"`
	Plan      *libvirtx.Plan    `json:"plan"`
	XML       string            `json:"xml,omitempty"`
	Demo      bool              `json:"demo,omitempty"`
	Note      string            `json:"note,omitempty"`
}

func newResultJSON(c *libvirtx.Conn, res *libvirtx.Result) resultJSON {
	p := res.Plan
	out := resultJSON{
		Schema: resultSchema, Changed: !p.Empty(), Op: p.Op, URI: p.URI, Domain: p.Domain,
		UUID: p.UUID, Index: res.Index, MAC: p.MAC, Verified: res.Verified,
		Fields: nonNil(res.Fields), Generated: p.Generated, Warnings: nonNil(res.Warnings),
		Others: nonNil(res.Others), Diff: p.Diff, Plan: p, Demo: c.Demo(),
		Pending: []string{},
	}
	if out.Changed {
		out.Path = res.Path
	}
	if out.Generated == nil {
		out.Generated = map[string]string{}
	}
	if p.Op == model.OpRemove {
		out.Index = p.Index
	}
	if p.Op != model.OpSet || len(res.Fields) > 0 {
		live := res.Live
		out.Live = &live
	}
	for _, f := range res.Fields {
		if f.Live.Status == model.LiveAfterShutdown || f.Live.Status == model.LiveFailed {
			out.Pending = append(out.Pending, f.Field)
		}
	}
	if p.Op != model.OpSet && (res.Live.Status == model.LiveAfterShutdown || res.Live.Status == model.LiveFailed) {
		out.Pending = append(out.Pending, "interface")
	}
	return out
}

// unchangedJSON is add --if-missing finding the NIC already there.
func unchangedJSON(c *libvirtx.Conn, d *libvirtx.Domain, n model.NIC, why string) resultJSON {
	return resultJSON{
		Schema: resultSchema, Op: model.OpAdd, URI: c.URI(), Domain: d.Info.Name, UUID: d.Info.UUID,
		Index: n.Index, MAC: n.MAC, Fields: []model.FieldOutcome{}, Pending: []string{},
		Generated: map[string]string{}, Warnings: []string{}, Others: []string{}, Demo: c.Demo(), Note: why,
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// errorJSON is what any --json command prints on stderr when it fails.
type errorJSON struct {
	Schema int         `json:"schema"`
	Error  errorDetail `json:"error"`
}

type errorDetail struct {
	Message string `json:"message"`
	Exit    int    `json:"exit"`
	// ExitMeaning is the exit code's meaning (README, "Exit codes").
	ExitMeaning string        `json:"exit_meaning"`
	Libvirt     *libvirtJSON  `json:"libvirt"`
	Problems    []problemJSON `json:"problems"`
	// ConcurrentEdit: someone else changed the NIC; nothing was written.
	ConcurrentEdit bool `json:"concurrent_edit"`
	// OutcomeUnknown: the connection dropped mid-write and whether it
	// landed could not be checked.
	OutcomeUnknown bool `json:"outcome_unknown"`
}

type libvirtJSON struct {
	Op      string `json:"op"`
	Code    int    `json:"code"`
	Domain  int    `json:"domain"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Meaning string `json:"meaning"`
}

type problemJSON struct {
	Field    string `json:"field"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

var exitMeanings = map[int]string{
	exitOK:         "success",
	exitLibvirt:    "libvirt failed or refused: see libvirt",
	exitValidation: "usage error or invalid input: nothing was written",
}

func writeErrorJSON(w io.Writer, err error) {
	_ = writeJSON(w, errorJSON{Schema: resultSchema, Error: errorDetailOf(err)})
}

func errorDetailOf(err error) errorDetail {
	code := exitCode(err)
	d := errorDetail{Message: err.Error(), Exit: code, ExitMeaning: exitMeanings[code], Problems: []problemJSON{}}
	var le *libvirtx.Error
	if errors.As(err, &le) {
		d.Libvirt = &libvirtJSON{Op: le.Op, Code: le.Code, Domain: le.Domain, Kind: le.Kind.String(), Message: le.Message, Meaning: le.Meaning}
	}
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			d.Problems = append(d.Problems, problemJSON{Field: p.Field, Severity: p.Severity.String(), Message: p.Message})
		}
	}
	d.ConcurrentEdit = errors.Is(err, libvirtx.ErrConcurrentEdit)
	d.OutcomeUnknown = errors.Is(err, libvirtx.ErrOutcomeUnknown)
	return d
}

// hostsErrorJSON is the error document of a several-host command some
// hosts failed in: error sums it up (or is the command's own failure,
// e.g. an ambiguous name), errors has each failed host's.
type hostsErrorJSON struct {
	Schema int             `json:"schema"`
	Error  errorDetail     `json:"error"`
	Errors []hostErrorJSON `json:"errors"`
}

type hostErrorJSON struct {
	URI   string      `json:"uri"`
	Error errorDetail `json:"error"`
}

func writeHostsErrorJSON(w io.Writer, e *hostsFailed) {
	top := errorDetail{Message: e.summary(), Exit: exitCode(e), Problems: []problemJSON{}}
	top.ExitMeaning = exitMeanings[top.Exit]
	if e.then != nil {
		top = errorDetailOf(e.then)
	}
	out := hostsErrorJSON{Schema: resultSchema, Error: top, Errors: []hostErrorJSON{}}
	for _, h := range e.failed {
		out.Errors = append(out.Errors, hostErrorJSON{URI: h.label(), Error: errorDetailOf(h.err)})
	}
	_ = writeJSON(w, out)
}
