package libvirtx

/*
#cgo pkg-config: libvirt
#include <libvirt/virterror.h>

// vnSystemErrno is the errno libvirt saved with this thread's last error
// when that is a system error, else 0.
static int vnSystemErrno(void) {
	virErrorPtr e = virGetLastError();
	return (e && e->code == VIR_ERR_SYSTEM_ERROR) ? e->int1 : 0;
}
*/
import "C"

import (
	"runtime"

	"libvirt.org/go/libvirt"
)

// connect opens a libvirt connection and, when that fails, also returns the
// errno libvirt saved with a system error (virError.int1, which the Go
// binding drops): only it tells a missing socket from a refused or a
// forbidden one, as every socket failure has the same domain and code.
// libvirt keeps the last error per thread and nothing runs between the
// failed open and the look-up, so both run on one locked OS thread. auth's
// callback runs on that thread too, inside the open, and calls no libvirt
// function (see asker.callback). A nil auth asks nothing.
func connect(uri string, readOnly bool, auth *libvirt.ConnectAuth) (*libvirt.Connect, int, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var flags libvirt.ConnectFlags
	if readOnly {
		flags = libvirt.CONNECT_RO
	}
	lc, err := libvirt.NewConnectWithAuth(uri, auth, flags)
	if err != nil {
		return nil, int(C.vnSystemErrno()), err
	}
	return lc, 0, nil
}
