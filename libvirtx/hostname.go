package libvirtx

// Hostname is libvirt's name for the host the connection reaches, which
// tells hosts apart when several connections are checked together.
func (c *Conn) Hostname() (string, error) {
	h, err := c.c.GetHostname()
	if err != nil {
		return "", c.wrap("read the host name", err)
	}
	return h, nil
}
