package libvirtx

import (
	"errors"
	"math"
	"strconv"

	"github.com/google/uuid"
	"libvirt.org/go/libvirt"
)

// lookup finds the domain a user named by name, UUID or ID, as virsh
// accepts, but in the order name, UUID, ID, where virsh's
// vshLookupDomainBy tries ID, UUID, then name.
//
// Name first because virtnic itself names domains by name everywhere (the
// UI opens a domain by the name its list shows, events carry names), so a
// name that exists costs the one call it always did; and because a domain
// named "1" then stays reachable as "1" whatever runs with ID 1, where
// virsh reaches it only by UUID while a domain with ID 1 runs. The domain
// with ID 1 is then named by its name or UUID, which every listing shows.
// A UUID is tried only when arg parses as one, an ID only when arg is a
// plain decimal number, so a mistyped name costs no more than before.
func (c *Conn) lookup(arg string) (*libvirt.Domain, error) {
	dom, err := c.c.LookupDomainByName(arg)
	if err == nil {
		return dom, nil
	}
	if !IsCode(err, CodeNoDomain) {
		return nil, c.wrap("look up domain "+arg, err)
	}
	if u, ok := parseDomainUUID(arg); ok {
		dom, uerr := c.c.LookupDomainByUUIDString(u)
		if uerr == nil {
			return dom, nil
		}
		if !IsCode(uerr, CodeNoDomain) {
			return nil, c.wrap("look up domain "+arg, uerr)
		}
	}
	id, isID := parseDomainID(arg)
	if isID {
		dom, ierr := c.c.LookupDomainById(id)
		if ierr == nil {
			return dom, nil
		}
		if !IsCode(ierr, CodeNoDomain) {
			return nil, c.wrap("look up domain "+arg, ierr)
		}
	}
	// The by-name error is the one to show: it quotes what the user typed.
	werr := c.wrap("look up domain "+arg, err)
	var e *Error
	if isID && errors.As(werr, &e) && e.Kind == KindNoDomain {
		e.Meaning = "no domain with that name, UUID or ID on " + onWhat(c.origin())
	}
	return nil, werr
}

// parseDomainUUID accepts the spellings libvirt's own parser does (with or
// without dashes, any case) and returns the canonical form.
func parseDomainUUID(s string) (string, bool) {
	if len(s) != 36 && len(s) != 32 {
		return "", false // braces and urn:uuid: are not libvirt's
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return "", false
	}
	return u.String(), true
}

// parseDomainID accepts a domain ID as virsh prints it: decimal digits
// only, no sign or blanks, within libvirt's int range.
func parseDomainID(s string) (uint32, bool) {
	if s == "" || len(s) > 10 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n > math.MaxInt32 {
		return 0, false
	}
	return uint32(n), true
}
