package model

import (
	"crypto/rand"
	"fmt"
	"io"
	"strings"
)

// macPrefix is QEMU/KVM's locally administered OUI; virt-manager and libvirt
// draw random MACs from it too, so guests keep looking like KVM guests.
const macPrefix = "52:54:00"

// macGenerateTries bounds the search for a free MAC the way virt-manager does:
// with 2^24 candidates a collision streak this long means the reader is broken.
const macGenerateTries = 256

// ParseMAC accepts six two-digit hex octets separated consistently by ':' or
// '-' and returns them lower case with ':', the form libvirt writes back and
// the form Context.MACsInUse is keyed by.
func ParseMAC(s string) (string, error) {
	bad := fmt.Errorf("%s %q is not six hex octets like 52:54:00:12:34:56", FieldMAC, s)
	if len(s) != 17 {
		return "", bad
	}
	sep := s[2]
	if sep != ':' && sep != '-' {
		return "", bad
	}
	var b strings.Builder
	b.Grow(17)
	for i := 0; i < 17; i++ {
		c := s[i]
		if i%3 == 2 {
			if c != sep {
				return "", bad
			}
			b.WriteByte(':')
			continue
		}
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			c += 'a' - 'A'
		default:
			return "", bad
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// GenerateMAC returns 52:54:00 plus three random bytes that no NIC in inUse
// holds. A nil rnd means crypto/rand; tests pass a fixed reader.
func GenerateMAC(inUse map[string][]MACUse, rnd io.Reader) (string, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	var b [3]byte
	for range macGenerateTries {
		if _, err := io.ReadFull(rnd, b[:]); err != nil {
			return "", fmt.Errorf("%s: cannot generate a random address: %w", FieldMAC, err)
		}
		m := fmt.Sprintf("%s:%02x:%02x:%02x", macPrefix, b[0], b[1], b[2])
		if len(inUse[m]) == 0 {
			return m, nil
		}
	}
	return "", fmt.Errorf("%s: no free address found after %d random tries", FieldMAC, macGenerateTries)
}

// macIsMulticast reports the I/G bit: libvirt refuses such an address for a
// NIC ("expected unicast mac address, found multicast").
func macIsMulticast(m string) bool {
	return len(m) >= 2 && hexVal(m[1])&1 == 1
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}
