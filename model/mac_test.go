package model

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseMAC(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "52:54:00:12:34:56", want: "52:54:00:12:34:56"},
		{in: "52:54:00:AB:cD:Ef", want: "52:54:00:ab:cd:ef"},
		{in: "52-54-00-AB-CD-EF", want: "52:54:00:ab:cd:ef"},
		{in: "01:00:5e:00:00:01", want: "01:00:5e:00:00:01"}, // format only: unicast is Validate's job
		{in: "", wantErr: true},
		{in: "zz", wantErr: true},
		{in: "52:54:00:12:34", wantErr: true},
		{in: "52:54:00:12:34:56:78", wantErr: true},
		{in: "52:54-00:12:34:56", wantErr: true}, // mixed separators
		{in: "52.54.00.12.34.56", wantErr: true},
		{in: "5:54:00:12:34:567", wantErr: true},
		{in: "52:54:00:12:34:5g", wantErr: true},
		{in: "525400123456", wantErr: true},
		{in: " 52:54:00:12:34:56", wantErr: true},
		{in: "52:54:00:12:34:\u00e9", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseMAC(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseMAC(%q) = %q, want an error", tt.in, got)
				continue
			}
			want := `mac "` + tt.in + `" is not six hex octets like 52:54:00:12:34:56`
			if err.Error() != want {
				t.Errorf("ParseMAC(%q) error = %q, want %q", tt.in, err, want)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseMAC(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestGenerateMAC(t *testing.T) {
	tests := []struct {
		name    string
		rnd     []byte
		inUse   map[string][]MACUse
		want    string
		wantErr string
	}{
		{name: "first candidate", rnd: []byte{0xde, 0xad, 0xbe}, want: "52:54:00:de:ad:be"},
		{name: "skips a used one", rnd: []byte{1, 2, 3, 4, 5, 6},
			inUse: map[string][]MACUse{"52:54:00:01:02:03": {{Domain: "vm1", Index: 0}}}, want: "52:54:00:04:05:06"},
		{name: "an empty holder list is free", rnd: []byte{1, 2, 3},
			inUse: map[string][]MACUse{"52:54:00:01:02:03": nil}, want: "52:54:00:01:02:03"},
		{name: "short reader", rnd: []byte{1, 2}, wantErr: "mac: cannot generate a random address"},
		{name: "always colliding", rnd: bytes.Repeat([]byte{7}, 3*macGenerateTries),
			inUse: map[string][]MACUse{"52:54:00:07:07:07": {{Domain: "vm1"}}}, wantErr: "no free address found after 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GenerateMAC(tt.inUse, bytes.NewReader(tt.rnd))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("GenerateMAC = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestGenerateMACCryptoRand(t *testing.T) {
	m, err := GenerateMAC(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := ParseMAC(m); err != nil || p != m || !strings.HasPrefix(m, "52:54:00:") || macIsMulticast(m) {
		t.Errorf("GenerateMAC(nil, nil) = %q, want a canonical unicast 52:54:00 address", m)
	}
}

func TestMACIsMulticast(t *testing.T) {
	for in, want := range map[string]bool{
		"01:00:5e:00:00:01": true,
		"33:33:00:00:00:01": true,
		"ff:ff:ff:ff:ff:ff": true,
		"52:54:00:00:00:01": false,
		"02:00:00:00:00:01": false, // locally administered but unicast
		"fe:54:00:00:00:01": false,
	} {
		if got := macIsMulticast(in); got != want {
			t.Errorf("macIsMulticast(%q) = %v, want %v", in, got, want)
		}
	}
}
