package libvirtx

/*
#cgo pkg-config: libvirt
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

typedef struct {
	char *name;
	char uuid[VIR_UUID_STRING_BUFLEN];
	int id;
	int state;
} vnStatRow;

// vnAllStates asks for every domain's state in ONE call and copies out the
// fields the handle carries locally. The Go binding's GetAllDomainStats is
// not used because it also calls virDomainGetVcpusFlags for every record: a
// round trip per domain over qemu+ssh.
static int vnAllStates(virConnectPtr conn, vnStatRow **rows, int *code, char **msg) {
	virDomainStatsRecordPtr *recs = NULL;
	int n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &recs, 0);
	if (n < 0) {
		virErrorPtr e = virGetLastError();
		*code = e ? e->code : 0;
		*msg = (e && e->message) ? strdup(e->message) : NULL;
		return -1;
	}
	*rows = calloc(n > 0 ? n : 1, sizeof(vnStatRow));
	for (int i = 0; i < n; i++) {
		vnStatRow *r = &(*rows)[i];
		const char *name = virDomainGetName(recs[i]->dom);
		r->name = strdup(name ? name : "");
		virDomainGetUUIDString(recs[i]->dom, r->uuid);
		r->id = (int)virDomainGetID(recs[i]->dom);
		r->state = -1;
		virTypedParamsGetInt(recs[i]->params, recs[i]->nparams, "state.state", &r->state);
	}
	virDomainStatsRecordListFree(recs);
	return n;
}
*/
import "C"

import (
	"unsafe"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// allDomainStates lists every domain with its state in one libvirt call.
// A libvirt error comes back as libvirt.Error so the usual wrap applies.
func (c *Conn) allDomainStates() ([]model.DomainInfo, error) {
	raw, err := c.c.RawPtr()
	if err != nil {
		return nil, err
	}
	defer libvirt.CloseRawPtr(raw)
	conn := C.virConnectPtr(unsafe.Pointer(raw))

	var rows *C.vnStatRow
	var code C.int
	var msg *C.char
	n := int(C.vnAllStates(conn, &rows, &code, &msg))
	if n < 0 {
		e := libvirt.Error{Code: libvirt.ErrorNumber(code), Message: "virConnectGetAllDomainStats failed"}
		if msg != nil {
			e.Message = C.GoString(msg)
			C.free(unsafe.Pointer(msg))
		}
		return nil, e
	}
	defer C.free(unsafe.Pointer(rows))
	out := make([]model.DomainInfo, 0, n)
	for _, r := range unsafe.Slice(rows, n) {
		name := C.GoString(r.name)
		C.free(unsafe.Pointer(r.name))
		info := model.DomainInfo{
			Name:  name,
			UUID:  C.GoString(&r.uuid[0]),
			ID:    int(r.id),
			State: model.StateNoState,
		}
		if r.state >= 0 {
			info.State = stateName(libvirt.DomainState(r.state))
		}
		if !info.State.Active() || info.ID < 0 {
			info.ID = -1
		}
		out = append(out, info)
	}
	return out, nil
}
