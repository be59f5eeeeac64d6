package libvirtx

import (
	"errors"
	"strings"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

type landing int

const (
	landedNow            landing = iota // libvirt answered the write call
	landedAfterReconnect                // the call's connection died; a new one shows it landed
)

// writeConfig changes the persistent config by the plan's path, falling
// back to define when the driver has no device calls. A connection that
// dies during the call is reopened once to learn whether the write landed:
// virtnic never reports a landed write as failed, or a lost one as done.
func (c *Conn) writeConfig(dom *libvirt.Domain, p *Plan, t target, pre string, res *Result) (landing, error) {
	var err error
	if res.Path == PathDevice {
		err = deviceConfigCall(dom, p, t)
		if err != nil && IsCode(err, CodeNoSupport) {
			c.markNoDeviceCalls(err)
			res.Path = PathDefine
		}
	}
	if res.Path == PathDefine {
		var warn string
		warn, err = c.defineSpliced(p, t, pre)
		if warn != "" {
			res.Warnings = append(res.Warnings, warn)
		}
	}
	if err == nil {
		return landedNow, nil
	}
	if !c.lostDuring(err) {
		return 0, c.wrap(string(res.Path)+" write of domain "+p.Domain, err)
	}
	landed, verr := c.landedAfterReconnect(p, t)
	switch {
	case verr != nil:
		return 0, &Error{Op: string(p.Op) + " NIC of " + p.Domain, Message: verr.Error(), Meaning: ErrOutcomeUnknown.Error()}
	case !landed:
		return 0, ErrNotWritten
	}
	return landedAfterReconnect, nil
}

// deviceConfigCall is libvirt's per-device write of the persistent config.
// Update and detach find the device by MAC (and PCI address or alias when
// the element carries them); a remove sends the element exactly as libvirt
// holds it, so those always match.
func deviceConfigCall(dom *libvirt.Domain, p *Plan, t target) error {
	const cfg = libvirt.DOMAIN_DEVICE_MODIFY_CONFIG
	switch p.Op {
	case model.OpSet:
		return dom.UpdateDeviceFlags(p.Element, cfg)
	case model.OpAdd:
		return dom.AttachDeviceFlags(p.Element, cfg)
	default:
		return dom.DetachDeviceFlags(t.elem, cfg)
	}
}

// defineSpliced splices the planned element into the XML read just before
// (so changes made elsewhere before that read are kept) and defines it with
// libvirt's schema check. The window in which another writer's define is
// lost is the one round trip between that read and this define.
//
// libvirt accepts domains its own schema rejects (its parser is more
// lenient), and then no NIC of theirs could be edited. So when the schema
// refuses, virtnic asks whether the domain as it stands passes: if it does
// not, the fault is not the edit's, and the edit is defined without the
// schema check, with a warning in libvirt's words; if it does, the edit is
// what the schema refuses, and the error names the edited fields.
func (c *Conn) defineSpliced(p *Plan, t target, pre string) (string, error) {
	var newXML string
	var err error
	switch p.Op {
	case model.OpSet:
		newXML, err = model.ReplaceInterface(pre, t.idx, p.Element)
	case model.OpAdd:
		newXML, err = model.InsertInterface(pre, p.Element)
	default:
		newXML, err = model.RemoveInterface(pre, t.idx)
	}
	if err != nil {
		return "", err
	}
	err = c.define(newXML, libvirt.DOMAIN_DEFINE_VALIDATE)
	if err == nil || !IsCode(err, int(libvirt.ERR_XML_INVALID_SCHEMA)) {
		return "", err
	}
	complaint := schemaWords(err)
	// Defining the XML just read changes nothing when it passes.
	if perr := c.define(pre, libvirt.DOMAIN_DEFINE_VALIDATE); perr == nil || !IsCode(perr, int(libvirt.ERR_XML_INVALID_SCHEMA)) {
		return "", &Error{Op: "define domain " + p.Domain, Code: int(libvirt.ERR_XML_INVALID_SCHEMA), Message: complaint,
			Meaning: "libvirt's schema rejects the edited NIC (" + editedFields(p) + "); nothing was written"}
	}
	if err := c.define(newXML, 0); err != nil {
		return "", err
	}
	return "the domain's configuration already fails libvirt's schema outside this edit (libvirt: " + complaint +
		"); libvirt accepts it, so the edit was written without the schema check", nil
}

func (c *Conn) define(x string, flags libvirt.DomainDefineFlags) error {
	nd, err := c.c.DomainDefineXMLFlags(x, flags)
	if err != nil {
		return err
	}
	return nd.Free()
}

// schemaWords is libvirt's schema complaint on one line.
func schemaWords(err error) string {
	var le libvirt.Error
	if errors.As(err, &le) {
		return strings.Join(strings.Fields(le.Message), " ")
	}
	return err.Error()
}

func editedFields(p *Plan) string {
	if p.Op != model.OpSet {
		return string(p.Op) + " NIC"
	}
	var fs []string
	for _, ch := range p.Changes {
		fs = append(fs, ch.Field)
	}
	return "changed: " + strings.Join(fs, ", ")
}

// markNoDeviceCalls remembers that the driver has no device calls, in
// libvirt's words for the live outcomes that follow.
func (c *Conn) markNoDeviceCalls(err error) {
	var le libvirt.Error
	if errors.As(err, &le) {
		c.noDeviceMsg.Store(le.Message)
	}
	c.noDeviceCalls.Store(true)
}

// noDeviceWords is libvirt's refusal of a device call, "" when not seen.
func (c *Conn) noDeviceWords() string {
	s, _ := c.noDeviceMsg.Load().(string)
	return s
}

// lostDuring reports whether err means the connection died, so the call's
// outcome is unknown rather than refused.
func (c *Conn) lostDuring(err error) bool {
	if alive, aerr := c.c.IsAlive(); aerr == nil && !alive {
		return true
	}
	var le libvirt.Error
	if errors.As(err, &le) {
		switch le.Code {
		case libvirt.ERR_RPC, libvirt.ERR_NO_CONNECT, libvirt.ERR_INVALID_CONN:
			return true
		}
		return le.Domain == libvirt.FROM_RPC
	}
	return false
}
