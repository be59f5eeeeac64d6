package libvirtx

/*
#cgo pkg-config: libvirt
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

typedef struct {
	char *field; // "net.0.rx.bytes"
	char *s;     // string value, NULL for a number
	unsigned long long v;
} vnParam;

typedef struct {
	char uuid[VIR_UUID_STRING_BUFLEN];
	int nparams;
	vnParam *params;
} vnNetRow;

// vnCopyNet copies the record's net.* parameters out, so nothing of the
// record outlives the call.
static void vnCopyNet(virDomainStatsRecordPtr rec, vnNetRow *r) {
	virDomainGetUUIDString(rec->dom, r->uuid);
	r->params = calloc(rec->nparams > 0 ? rec->nparams : 1, sizeof(vnParam));
	for (int i = 0; i < rec->nparams; i++) {
		virTypedParameterPtr p = &rec->params[i];
		if (strncmp(p->field, "net.", 4) != 0)
			continue;
		vnParam *o = &r->params[r->nparams++];
		o->field = strdup(p->field);
		switch (p->type) {
		case VIR_TYPED_PARAM_STRING: o->s = strdup(p->value.s); break;
		case VIR_TYPED_PARAM_ULLONG: o->v = p->value.ul; break;
		case VIR_TYPED_PARAM_UINT: o->v = p->value.ui; break;
		case VIR_TYPED_PARAM_LLONG: o->v = (unsigned long long)p->value.l; break;
		case VIR_TYPED_PARAM_INT: o->v = (unsigned long long)p->value.i; break;
		default: break;
		}
	}
}

// vnNetStats is ONE call for the interface counters: of every running
// domain (dom NULL) or of one domain. Like vnAllStats it avoids the Go
// binding's wrapper, which adds a round trip per record.
static int vnNetStats(virConnectPtr conn, const char *uuid, vnNetRow **rows, int *code, int *domain, char **msg) {
	virDomainStatsRecordPtr *recs = NULL;
	int n = -1;
	if (uuid) {
		virDomainPtr dom = virDomainLookupByUUIDString(conn, uuid);
		if (dom) {
			virDomainPtr doms[2] = {dom, NULL};
			n = virDomainListGetStats(doms, VIR_DOMAIN_STATS_INTERFACE, &recs, 0);
			virDomainFree(dom);
		}
	} else {
		n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_INTERFACE, &recs, VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
	}
	if (n < 0) {
		virErrorPtr e = virGetLastError();
		*code = e ? e->code : 0;
		*domain = e ? e->domain : 0;
		*msg = (e && e->message) ? strdup(e->message) : NULL;
		return -1;
	}
	*rows = calloc(n > 0 ? n : 1, sizeof(vnNetRow));
	for (int i = 0; i < n; i++)
		vnCopyNet(recs[i], &(*rows)[i]);
	virDomainStatsRecordListFree(recs);
	return n;
}

static vnParam *vnParamAt(vnParam *ps, int i) { return &ps[i]; }
*/
import "C"

import (
	"time"
	"unsafe"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// NetStats reads the interface counters of every running domain in one
// libvirt call: what a rate column and a NIC page's sparkline poll, so a
// tick costs one round trip per host however many guests run.
func (c *Conn) NetStats() (model.NetSample, error) {
	return c.netStats("")
}

// DomainNetStats reads one domain's interface counters: one call. A driver
// whose stats records lack the interface group (the test driver) is asked
// per backend device in targets instead; that driver is local, so the
// calls cost nothing over a network.
func (c *Conn) DomainNetStats(uuid string, targets []string) (model.NetSample, error) {
	s, err := c.netStats(uuid)
	if err != nil || len(s.ByUUID[uuid]) > 0 || len(targets) == 0 || !c.testDriver {
		return s, err
	}
	dom, err := c.lookupUUID(uuid)
	if err != nil {
		return s, err
	}
	defer dom.Free()
	var cs []model.NetCounters
	for _, t := range targets {
		st, err := dom.InterfaceStats(t)
		if err != nil {
			return s, c.wrap("read interface statistics of "+t, err)
		}
		cs = append(cs, model.NetCounters{Dev: t, RxBytes: uint64(st.RxBytes), TxBytes: uint64(st.TxBytes),
			RxPkts: uint64(st.RxPackets), TxPkts: uint64(st.TxPackets), RxErrs: uint64(st.RxErrs),
			TxErrs: uint64(st.TxErrs), RxDrop: uint64(st.RxDrop), TxDrop: uint64(st.TxDrop)})
	}
	s.ByUUID[uuid] = cs
	return s, nil
}

func (c *Conn) netStats(uuid string) (model.NetSample, error) {
	raw, err := c.c.RawPtr()
	if err != nil {
		return model.NetSample{}, err
	}
	defer libvirt.CloseRawPtr(raw)
	var cuuid *C.char
	if uuid != "" {
		cuuid = C.CString(uuid)
		defer C.free(unsafe.Pointer(cuuid))
	}
	var rows *C.vnNetRow
	var code, domain C.int
	var msg *C.char
	n := int(C.vnNetStats(C.virConnectPtr(unsafe.Pointer(raw)), cuuid, &rows, &code, &domain, &msg))
	at := time.Now()
	if n < 0 {
		e := libvirt.Error{Code: libvirt.ErrorNumber(code), Domain: libvirt.ErrorDomain(domain), Message: "reading interface statistics failed"}
		if msg != nil {
			e.Message = C.GoString(msg)
			C.free(unsafe.Pointer(msg))
		}
		return model.NetSample{}, c.wrap("read interface statistics", e)
	}
	defer C.free(unsafe.Pointer(rows))
	s := model.NetSample{At: at, ByUUID: make(map[string][]model.NetCounters, n)}
	for _, r := range unsafe.Slice(rows, n) {
		params := map[string]model.StatValue{}
		for i := 0; i < int(r.nparams); i++ {
			p := C.vnParamAt(r.params, C.int(i))
			v := model.StatValue{N: uint64(p.v)}
			if p.s != nil {
				v.S, v.IsString = C.GoString(p.s), true
				C.free(unsafe.Pointer(p.s))
			}
			params[C.GoString(p.field)] = v
			C.free(unsafe.Pointer(p.field))
		}
		C.free(unsafe.Pointer(r.params))
		s.ByUUID[C.GoString(&r.uuid[0])] = model.NetCountersFrom(params)
	}
	return s, nil
}
