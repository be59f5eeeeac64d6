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
	char *nets; // net.<n>.name values, each followed by '\n'; NULL when none
	int netsKnown; // the record has net.count: the driver reports the interface group
} vnStatRow;

// vnNetNames joins the record's net.<n>.name values.
static char *vnNetNames(virDomainStatsRecordPtr rec) {
	size_t len = 0;
	for (int i = 0; i < rec->nparams; i++) {
		virTypedParameterPtr p = &rec->params[i];
		size_t n = strlen(p->field);
		if (p->type == VIR_TYPED_PARAM_STRING && strncmp(p->field, "net.", 4) == 0 &&
		    n > 5 && strcmp(p->field + n - 5, ".name") == 0)
			len += strlen(p->value.s) + 1;
	}
	if (len == 0)
		return NULL;
	char *out = calloc(len + 1, 1);
	for (int i = 0; i < rec->nparams; i++) {
		virTypedParameterPtr p = &rec->params[i];
		size_t n = strlen(p->field);
		if (p->type == VIR_TYPED_PARAM_STRING && strncmp(p->field, "net.", 4) == 0 &&
		    n > 5 && strcmp(p->field + n - 5, ".name") == 0) {
			strcat(out, p->value.s);
			strcat(out, "\n");
		}
	}
	return out;
}

// vnAllStats asks for every domain's stats of the given groups in ONE call
// and copies out the fields the handle carries locally. The Go binding's
// GetAllDomainStats is not used because it also calls virDomainGetVcpusFlags
// for every record: a round trip per domain over qemu+ssh.
static int vnAllStats(virConnectPtr conn, unsigned int groups, vnStatRow **rows, int *code, int *domain, char **msg) {
	virDomainStatsRecordPtr *recs = NULL;
	int n = virConnectGetAllDomainStats(conn, groups, &recs, 0);
	if (n < 0) {
		virErrorPtr e = virGetLastError();
		*code = e ? e->code : 0;
		*domain = e ? e->domain : 0;
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
		r->nets = vnNetNames(recs[i]);
		unsigned int count;
		r->netsKnown = virTypedParamsGetUInt(recs[i]->params, recs[i]->nparams, "net.count", &count) == 1;
	}
	virDomainStatsRecordListFree(recs);
	return n;
}
*/
import "C"

import (
	"strings"
	"unsafe"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// domainStat is one record of the bulk stats call.
type domainStat struct {
	info model.DomainInfo
	nets []string // a running guest's backend devices (vnet0, macvtap1)
	// netsKnown: the driver answered the interface group for this domain
	// (the test driver ignores the group).
	netsKnown bool
}

// allDomainStates lists every domain with its state in one libvirt call.
func (c *Conn) allDomainStates() ([]model.DomainInfo, error) {
	stats, err := c.allDomainStats(false)
	if err != nil {
		return nil, err
	}
	out := make([]model.DomainInfo, len(stats))
	for i, s := range stats {
		out[i] = s.info
	}
	return out, nil
}

// allDomainStats is the bulk stats call; withNets adds the interface group,
// whose net.<n>.name gives every running guest's backend devices without a
// live XML read per domain. A libvirt error comes back as libvirt.Error so
// the usual wrap applies.
func (c *Conn) allDomainStats(withNets bool) ([]domainStat, error) {
	raw, err := c.c.RawPtr()
	if err != nil {
		return nil, err
	}
	defer libvirt.CloseRawPtr(raw)
	conn := C.virConnectPtr(unsafe.Pointer(raw))

	groups := C.uint(C.VIR_DOMAIN_STATS_STATE)
	if withNets {
		groups |= C.VIR_DOMAIN_STATS_INTERFACE
	}
	var rows *C.vnStatRow
	var code, domain C.int
	var msg *C.char
	n := int(C.vnAllStats(conn, groups, &rows, &code, &domain, &msg))
	if n < 0 {
		e := libvirt.Error{Code: libvirt.ErrorNumber(code), Domain: libvirt.ErrorDomain(domain), Message: "virConnectGetAllDomainStats failed"}
		if msg != nil {
			e.Message = C.GoString(msg)
			C.free(unsafe.Pointer(msg))
		}
		return nil, e
	}
	defer C.free(unsafe.Pointer(rows))
	out := make([]domainStat, 0, n)
	for _, r := range unsafe.Slice(rows, n) {
		s := domainStat{info: model.DomainInfo{
			Name:  C.GoString(r.name),
			UUID:  C.GoString(&r.uuid[0]),
			ID:    int(r.id),
			State: model.StateNoState,
		}}
		C.free(unsafe.Pointer(r.name))
		s.netsKnown = r.netsKnown != 0
		if r.nets != nil {
			s.nets = strings.Fields(C.GoString(r.nets))
			C.free(unsafe.Pointer(r.nets))
		}
		if r.state >= 0 {
			s.info.State = stateName(libvirt.DomainState(r.state))
		}
		if !s.info.State.Active() || s.info.ID < 0 {
			s.info.ID = -1
		}
		out = append(out, s)
	}
	return out, nil
}
