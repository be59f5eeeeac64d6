package model

import (
	"crypto/rand"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"
)

// Normalize fills the blanks a user leaves to be generated. rnd nil means
// crypto/rand. An unparsable MAC is only lower-cased: Validate reports it.
func Normalize(n *NIC, old NIC, ctx Context, rnd io.Reader) error {
	if rnd == nil {
		rnd = rand.Reader
	}
	mac := strings.TrimSpace(n.MAC)
	switch {
	case mac == "" || strings.EqualFold(mac, "random"):
		m, err := GenerateMAC(ctx.MACsInUse, rnd)
		if err != nil {
			return err
		}
		n.MAC = m
	default:
		if m, err := ParseMAC(mac); err == nil {
			n.MAC = m
		} else {
			n.MAC = strings.ToLower(n.MAC)
		}
	}

	if n.Kind == KindDirect && old.Kind != KindDirect && n.Mode == "" {
		// virt-manager's default; libvirt's own (vepa) needs a hairpin switch.
		n.Mode = ModeBridge
	}

	if vp := n.VirtualPort; vp != nil {
		var blank *string
		switch vp.Type {
		case VPortQbg:
			blank = &vp.InstanceID
		case VPortOpenVSwitch, VPortMidonet:
			blank = &vp.InterfaceID
		}
		if blank != nil && *blank == "" {
			// Copy first so the caller's old NIC, which may share the
			// pointer, keeps its value and the edit stays visible.
			cp := *vp
			n.VirtualPort = &cp
			if vp.Type == VPortQbg {
				blank = &cp.InstanceID
			} else {
				blank = &cp.InterfaceID
			}
			id, err := uuid.NewRandomFromReader(rnd)
			if err != nil {
				return fmt.Errorf("%s: cannot generate a UUID: %w", FieldVirtualPort, err)
			}
			*blank = id.String()
		}
	}
	return nil
}
