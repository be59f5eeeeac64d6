// Package details is the hardware details screen: virt-manager's device list
// on the left, the selected device's page on the right, and the Apply,
// Revert, Add and Remove flows for NICs. Every libvirt call goes through the
// commands of ui/common; this package only decides which one to send.
package details

import (
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	hw "virtnic/hardware"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/nicform"
)

// wideMin is the narrowest screen that shows the device list and the page
// side by side; below it they take turns at full width.
const wideMin = 100

// listWidth is the device list pane's outer width in the wide layout, wide
// enough for virt-manager's longest usual labels ("Controller VirtIO SCSI").
const listWidth = 24

type focus int

const (
	focusList focus = iota
	focusPage
)

// after is what to do once the unapplied-changes prompt is resolved.
type after int

const (
	afterNone   after = iota
	afterSelect       // select item target
	afterBack         // leave the screen
	afterReload       // reload from libvirt
)

// Messages the screen sends itself from its dialogs' choices. They carry
// what the dialog was opened for, so a late keypress cannot act on a
// different NIC than the one the dialog showed.
type (
	// confirmedMsg carries the plan the dialog showed: applying it writes
	// exactly what the user confirmed.
	confirmedMsg     struct{ plan *libvirtx.Plan }
	cancelMsg        struct{}
	discardReloadMsg struct{}
	promptApplyMsg   struct{}
	promptDiscardMsg struct{}
)

// Model is the details screen of one domain.
type Model struct {
	ctx  *common.Context
	name string

	spin     spinner.Model
	spinning bool // a tick is in flight
	loading  bool // a LoadDomain we sent has not answered yet
	busy     bool // a plan or write we sent has not answered yet
	loadErr  error

	d        *libvirtx.Domain
	src      model.Sources
	warnings []string
	ectx     model.Context
	items    []hw.Item

	sel     int
	listTop int
	focus   focus
	scroll  int // summary page scroll

	// form edits the selected NIC (or, adding, a new one); nil on other
	// pages. Only this form can be dirty: moving to another device forces
	// apply or discard first.
	form    *nicform.Model
	formIdx int // the NIC's index; -1 while adding
	adding  bool

	// Pending action for the unapplied-changes prompt, carried through an
	// apply when the user chose "apply".
	then       after
	thenTarget string // item key for afterSelect

	// wantKey selects an item after the next reload (the NIC just added,
	// the device the user moved to); wantPos is the fallback position.
	wantKey string
	wantPos int
	// wantPage shows the page of the item wantKey finds (SelectNIC).
	wantPage bool

	// appliedKey is the key the NIC just applied will have after the
	// reload (its MAC may have been edited), so its form keeps its place.
	appliedKey string

	// fixShown: the last status this screen set is "fix N errors before
	// applying", which the form losing its last error clears.
	fixShown bool

	// leaveText: the reload after a write moves the form's focus off a
	// text field.
	leaveText bool

	// rt is what a running guest's NIC is doing (runtime.go).
	rt runtime

	w, h int
}

// New opens the details screen of a domain; the returned command loads it.
func New(ctx *common.Context, name string) (*Model, tea.Cmd) {
	m := &Model{
		ctx:     ctx,
		name:    name,
		spin:    spinner.New(spinner.WithSpinner(ctx.Styles.Spinner)),
		w:       ctx.Width,
		h:       ctx.Height,
		formIdx: -1,
		wantPos: -1,
	}
	return m, m.load()
}

// SelectNIC makes the first load select the NIC with this MAC and show its
// page, for a screen that opens a domain at one NIC (the host network view);
// "" leaves the selection at the top. A MAC no NIC has any more selects
// nothing in particular.
func (m *Model) SelectNIC(mac string) {
	if mac != "" {
		m.wantKey, m.wantPage = "mac:"+mac, true
	}
}

// load asks libvirt for the domain again, keeping the spinner alive.
func (m *Model) load() tea.Cmd {
	m.loading = true
	return tea.Batch(common.LoadDomain(m.ctx, m.name), m.tick())
}

func (m *Model) tick() tea.Cmd {
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spin.Tick
}

// OnHost is the host this screen shows (common.HostBound): the root gives
// it only that host's messages, and its writes go to that host.
func (m *Model) OnHost() *common.Context { return m.ctx }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.layoutForm()
	m.fitList()
	m.clampScroll()
}

// Capturing implements common.Screen: only a focused text input of the NIC
// form takes letters.
func (m *Model) Capturing() bool {
	return m.focus == focusPage && m.form != nil && m.form.Capturing()
}

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.form != nil && (m.adding || m.form.Dirty()) }

func (m *Model) wide() bool { return m.w >= wideMin }

// item returns the selected device, or nil before the first load.
func (m *Model) item() *hw.Item {
	if m.sel < 0 || m.sel >= len(m.items) {
		return nil
	}
	return &m.items[m.sel]
}

// nicItem is the selected NIC's index, or -1 when a NIC is not selected.
func (m *Model) nicItem() int {
	it := m.item()
	if it == nil || it.Kind != "nic" || m.d == nil || it.NICIndex < 0 || it.NICIndex >= len(m.d.NICs) {
		return -1
	}
	return it.NICIndex
}

// itemKey identifies a device across reloads: a NIC by its MAC (its index
// and label may move when another NIC is added or removed), anything else
// by its label.
func (m *Model) itemKey(i int) string {
	if i < 0 || i >= len(m.items) {
		return ""
	}
	it := m.items[i]
	if it.Kind == "nic" && m.d != nil && it.NICIndex >= 0 && it.NICIndex < len(m.d.NICs) && m.d.NICs[it.NICIndex].MAC != "" {
		return "mac:" + m.d.NICs[it.NICIndex].MAC
	}
	return it.Kind + ":" + it.Label
}

// nicLabel is the device list's label of NIC idx ("NIC :3a:50:01"), the
// name the user sees in titles and status messages; -1 is the NIC being
// added.
func (m *Model) nicLabel(idx int) string {
	if idx < 0 {
		return "the new NIC"
	}
	for _, it := range m.items {
		if it.Kind == "nic" && it.NICIndex == idx {
			return it.Label
		}
	}
	if m.d != nil && idx >= 0 && idx < len(m.d.NICs) {
		return "NIC " + shortMAC(m.d.NICs[idx].MAC)
	}
	return "NIC"
}

// shortMAC is virt-manager's NIC label suffix: the last three octets.
func shortMAC(mac string) string {
	if len(mac) == 17 {
		return mac[8:]
	}
	return mac
}

// hardware lists the devices; when the domain XML defeats the hardware
// reader, the NICs (what this screen edits) must still be reachable.
func hardware(d *libvirtx.Domain) []hw.Item {
	items, err := hw.Items(d.InactiveXML)
	if err == nil && len(items) > 0 {
		return items
	}
	items = []hw.Item{{Kind: "overview", Label: "Overview", NICIndex: -1, Rows: [][2]string{
		{"Name", d.Info.Name}, {"UUID", d.Info.UUID}, {"Status", string(d.Info.State)},
	}}}
	for i, n := range d.NICs {
		items = append(items, hw.Item{Kind: "nic", Label: "NIC " + shortMAC(n.MAC), NICIndex: i})
	}
	return items
}

// selectItem moves the selection and rebuilds the page for it.
func (m *Model) selectItem(i int) {
	if i < 0 {
		i = 0
	}
	if i >= len(m.items) {
		i = len(m.items) - 1
	}
	if i != m.sel || m.form == nil || m.formIdx != m.nicItem() {
		m.sel = i
		m.scroll = 0
		m.buildForm()
	}
	m.fitList()
}

func (m *Model) buildForm() {
	m.form, m.formIdx, m.adding = nil, -1, false
	if idx := m.nicItem(); idx >= 0 {
		m.form = nicform.New(m.ctx, m.d.NICs[idx], m.d.Info, m.src, m.ectx)
		m.form.SetHost(m.src, m.ectx, m.ctx.Survey == nil)
		m.formIdx = idx
		m.layoutForm()
	}
	if m.form == nil && m.focus == focusPage && m.item() == nil {
		m.focus = focusList
	}
}

// readHost takes sources and validation context from the root's host
// survey; until it arrives they are empty and the form says it is reading.
func (m *Model) readHost() {
	if s := m.ctx.Survey; s != nil {
		m.src, m.warnings, m.ectx = s.Sources(), s.Warnings, s.Context(m.name)
		return
	}
	m.src, m.warnings, m.ectx = model.Sources{}, nil, model.Context{Domain: m.name}
}

// hostChanged follows a survey update into the open form, keeping edits.
func (m *Model) hostChanged() {
	m.readHost()
	if m.form != nil {
		m.form.SetHost(m.src, m.ectx, m.ctx.Survey == nil)
	}
}

func (m *Model) layoutForm() {
	if m.form == nil {
		return
	}
	w, h := m.pageInner()
	m.form.SetSize(w, h)
}
