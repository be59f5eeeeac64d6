package hardware

// overviewRows is the Overview page: what identifies the domain and what
// runs it.
func overviewRows(d *domain) [][2]string {
	var arch, machine, ostype string
	if d.OS != nil && d.OS.Type != nil {
		arch, machine, ostype = d.OS.Type.Arch, d.OS.Type.Machine, d.OS.Type.Type
	}
	return rowsOf(
		"Name", d.Name,
		"UUID", d.UUID,
		"Title", d.Title,
		"Description", d.Description,
		"Hypervisor", d.Type,
		"OS type", ostype,
		"Architecture", arch,
		"Machine", machine,
		"Emulator", d.devs.Emulator,
	)
}
