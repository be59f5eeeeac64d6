package hardware

import (
	"strings"

	"libvirt.org/go/libvirtxml"
)

// The devices below have little to show beyond their model or type, so
// they share a file rather than each having one.

func watchdogs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Watchdogs, func(_ int, w *libvirtxml.DomainWatchdog) device {
		return device{label: "Watchdog", rows: rowsOf("Model", w.Model, "Action", w.Action)}
	})
}

func filesystems(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Filesystems, func(_ int, f *libvirtxml.DomainFilesystem) device {
		var target string
		if f.Target != nil {
			target = f.Target.Dir
		}
		return device{label: strings.TrimSpace("Filesystem " + target),
			rows: rowsOf("Target", target, "Access mode", f.AccessMode), boot: f.Boot}
	})
}

func smartcards(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Smartcards, func(int, *libvirtxml.DomainSmartcard) device {
		return device{label: "Smartcard"}
	})
}

func panics(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Panics, func(_ int, p *libvirtxml.DomainPanic) device {
		return device{label: "Panic Notifier", rows: rowsOf("Model", p.Model)}
	})
}

func vsocks(devs *libvirtxml.DomainDeviceList) []device {
	v := devs.VSock
	if v == nil {
		return nil
	}
	var cid string
	if v.CID != nil {
		cid = v.CID.Address
		if v.CID.Auto == "yes" {
			cid = "auto"
		}
	}
	return []device{{label: "VirtIO VSOCK", rows: rowsOf("Model", v.Model, "CID", cid)}}
}

func shmems(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Shmems, func(_ int, s *libvirtxml.DomainShmem) device {
		return device{label: strings.TrimSpace("Shared memory " + s.Name), rows: rowsOf("Name", s.Name, "Role", s.Role)}
	})
}

func leases(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Leases, func(_ int, l *libvirtxml.DomainLease) device {
		return device{label: "Lease", rows: rowsOf("Lockspace", l.Lockspace, "Key", l.Key)}
	})
}

// iommus: libvirtxml mirrors a lone <iommu> into IOMMU as well as IOMMUs;
// the single field counts only when the list is empty, so one <iommu> never
// shows twice.
func iommus(devs *libvirtxml.DomainDeviceList) []device {
	list := devs.IOMMUs
	if devs.IOMMU != nil && len(list) == 0 {
		list = []libvirtxml.DomainIOMMU{*devs.IOMMU}
	}
	return each(list, func(_ int, io *libvirtxml.DomainIOMMU) device {
		return device{label: "IOMMU " + io.Model, rows: rowsOf("Model", io.Model)}
	})
}

func cryptos(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Crypto, func(_ int, c *libvirtxml.DomainCrypto) device {
		return device{label: "Crypto " + c.Type, rows: rowsOf("Model", c.Model, "Type", c.Type)}
	})
}

func nvrams(devs *libvirtxml.DomainDeviceList) []device {
	if devs.NVRAM == nil {
		return nil
	}
	return []device{{label: "NVRAM"}}
}

func pstores(devs *libvirtxml.DomainDeviceList) []device {
	if devs.PStore == nil {
		return nil
	}
	return []device{{label: "PStore", rows: rowsOf("Backend", devs.PStore.Backend)}}
}
