// Package clocale sets the C library's locale from the environment, as
// virsh does at start-up. A Go program never does: libvirt's messages then
// stay in English whatever LANG says, and only libvirtd's (formatted in the
// daemon's own locale) arrive translated. Tests use it to see libvirt's
// client-side messages translated too.
package clocale

/*
#include <locale.h>
#include <stdlib.h>
*/
import "C"

import "unsafe"

// FromEnvironment is setlocale(LC_ALL, ""): it applies LC_ALL, LC_* and
// LANG (and LOCPATH, where the locale data may live) to the whole process
// and returns the locale now in effect, or "" when the environment names a
// locale the system does not have.
func FromEnvironment() string {
	empty := C.CString("")
	defer C.free(unsafe.Pointer(empty))
	got := C.setlocale(C.LC_ALL, empty)
	if got == nil {
		return ""
	}
	return C.GoString(got)
}
