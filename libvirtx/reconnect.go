package libvirtx

import (
	"errors"
	"strings"
	"time"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// reconnectFor is how long a write whose connection died keeps trying to
// open a new one: a restarted libvirtd listens again within a second, a
// supervisor may take a few.
const reconnectFor = 10 * time.Second

// landedAfterReconnect opens a new connection to the same URI and reads the
// domain's config to learn whether the plan's write landed.
func (c *Conn) landedAfterReconnect(p *Plan, t target) (bool, error) {
	nc, err := c.reopen()
	if err != nil {
		return false, err
	}
	defer nc.Close()
	dom, err := nc.lookupUUID(p.UUID)
	if err != nil {
		return false, err
	}
	defer dom.Free()
	x, err := dom.GetXMLDesc(nc.xmlFlags(libvirt.DOMAIN_XML_INACTIVE))
	if err != nil {
		return false, nc.wrap("re-read domain "+p.Domain, err)
	}
	elems, err := model.InterfaceElements(x)
	if err != nil {
		return false, err
	}
	switch p.Op {
	case model.OpRemove:
		i := nicWithMAC(elems, p.OldMAC, t.idx)
		return i < 0 || Fingerprint(elems[i]) != p.Against.NIC, nil
	default:
		i := nicWithMAC(elems, p.MAC, t.idx)
		if i < 0 {
			return false, nil
		}
		diff, err := nicDiff(p.Element, elems[i])
		if err != nil {
			return false, err
		}
		if len(diff) == 0 {
			return true, nil
		}
		if p.Op == model.OpSet && Fingerprint(elems[i]) == p.Against.NIC {
			return false, nil
		}
		return false, errors.New("the NIC is neither as planned nor as before: " + strings.Join(diff, "; "))
	}
}

// reopen opens a second connection like c, retrying while the daemon comes
// back. It asks nothing: it runs on its own while a write waits (under the
// terminal UI too), so neither libvirt nor the ssh binary may prompt.
func (c *Conn) reopen() (*Conn, error) {
	deadline := time.Now().Add(reconnectFor)
	for {
		nc, err := open(c.given, OpenOpts{ReadOnly: c.readOnly, NoTTY: true}, c.host)
		if err == nil {
			return nc, nil
		}
		if time.Now().After(deadline) {
			return nil, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}
