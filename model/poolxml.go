package model

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadPoolXML fills a network's pool fields from its XML: <forward><pf
// dev>, the <address type='pci'> members of a hostdev pool, and the live
// counts libvirt writes only into an active network's XML — <network
// connections='N'> and connections='n' on each <interface>/<address>
// member (absent means 0). libvirtxml keeps none of the counts, so this is
// one RawToken pass of its own.
func ReadPoolXML(n *Network, netXML string) error {
	dec := xml.NewDecoder(strings.NewReader(netXML))
	depth := 0
	inForward := false
	n.ForwardAddrs, n.MemberConnections, n.Connections = nil, nil, 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF && depth != 0 {
			return fmt.Errorf("network XML is truncated")
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("network XML is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := rawName(t.Name)
			switch {
			case depth == 1 && name == "network":
				n.Connections = atoiOr0(attr(t, "connections"))
			case depth == 2 && name == "forward":
				inForward = true
			case depth == 3 && inForward:
				readPoolMember(n, name, t)
			}
		case xml.EndElement:
			if depth == 2 {
				inForward = false
			}
			depth--
		}
	}
}

func readPoolMember(n *Network, name string, t xml.StartElement) {
	key := ""
	switch name {
	case "pf":
		n.ForwardPF = attr(t, "dev")
		return
	case "interface":
		key = attr(t, "dev")
	case "address":
		if attr(t, "type") != "pci" {
			return
		}
		a, ok := pciFromAttrs(t)
		if !ok {
			return
		}
		key = a.String()
		n.ForwardAddrs = append(n.ForwardAddrs, key)
	default:
		return
	}
	if c := atoiOr0(attr(t, "connections")); c > 0 && key != "" {
		if n.MemberConnections == nil {
			n.MemberConnections = map[string]int{}
		}
		n.MemberConnections[key] = c
	}
}

// pciFromAttrs reads domain/bus/slot/function as libvirt does (strtoul with
// base 0: "0x03" is hex, "3" decimal).
func pciFromAttrs(t xml.StartElement) (PCIAddr, bool) {
	var v [4]uint
	for i, name := range []string{"domain", "bus", "slot", "function"} {
		s := attr(t, name)
		if s == "" {
			continue // libvirt defaults a missing part to 0
		}
		u, err := strconv.ParseUint(s, 0, 32)
		if err != nil {
			return PCIAddr{}, false
		}
		v[i] = uint(u)
	}
	return PCIAddr{Domain: v[0], Bus: v[1], Slot: v[2], Function: v[3]}, true
}

func atoiOr0(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
