package libvirtx

import (
	"fmt"

	"libvirt.org/go/libvirt"
)

// Version is a version number as libvirt encodes it:
// major*1,000,000 + minor*1,000 + release.
type Version uint32

func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v/1_000_000, v/1_000%1_000, v%1_000)
}

// LibraryVersion is the version of the libvirt library this process runs
// with, which may be newer than the one it was built against.
func LibraryVersion() (Version, error) {
	v, err := libvirt.GetVersion()
	if err != nil {
		return 0, wrap("read the libvirt library version", err)
	}
	return Version(v), nil
}

// BuiltAgainstVersion is the version of the libvirt headers virtnic was
// compiled with: calls newer than it are not in the binary at all.
func BuiltAgainstVersion() Version { return Version(libvirt.VERSION_NUMBER) }

// DaemonVersion is what runs behind a connection.
type DaemonVersion struct {
	// Libvirt is the daemon's libvirt: for a remote URI the remote host's,
	// for a local driver such as test:/// this process's library.
	Libvirt Version
	// Driver is libvirt's name for the hypervisor driver ("QEMU", "TEST", …).
	Driver string
	// Hypervisor is the driver's version (QEMU's for qemu://); 0 when the
	// driver reports none.
	Hypervisor Version
}

// DaemonVersion asks the daemon for its versions: three calls, all in
// flight at once, so over a remote link it costs one round trip.
func (c *Conn) DaemonVersion() (DaemonVersion, error) {
	if err := c.ensureOpen("read the daemon version"); err != nil {
		return DaemonVersion{}, err
	}
	var (
		dv   DaemonVersion
		errs [3]error
	)
	forEach(3, func(i int) {
		var v uint32
		switch i {
		case 0:
			v, errs[i] = c.c.GetLibVersion()
			dv.Libvirt = Version(v)
		case 1:
			dv.Driver, errs[i] = c.c.GetType()
		case 2:
			v, errs[i] = c.c.GetVersion()
			dv.Hypervisor = Version(v)
		}
	})
	for _, err := range errs {
		if err != nil {
			return DaemonVersion{}, wrap("read the daemon version", err)
		}
	}
	return dv, nil
}
