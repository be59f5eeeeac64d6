package hardware

import "testing"

func TestTPMs(t *testing.T) {
	runKindCases(t, []kindCase{
		{"every backend", `
<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>
<tpm model='tpm-tis'><backend type='external'><source type='unix' mode='connect' path='/tmp/swtpm.sock'/></backend></tpm>`,
			[]Item{
				dev("tpm", "TPM", "Model", "tpm-crb", "Backend", "emulator", "Version", "2.0"),
				dev("tpm", "TPM", "Model", "tpm-tis", "Backend", "passthrough", "Device", "/dev/tpm0"),
				dev("tpm", "TPM", "Model", "tpm-tis", "Backend", "external"),
			}},
	})
}
