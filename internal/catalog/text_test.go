package catalog

import "testing"

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ontmoeting & participatie", "ontmoeting-participatie"},
		{"Geïntegreerd aanbod", "geintegreerd-aanbod"},
		{"Opvang van baby's en peuters", "opvang-van-babys-en-peuters"},
		{"  Tongeren-Borgloon ", "tongeren-borgloon"},
		{"’t Wiske", "t-wiske"},
		{"…", ""},
		{"Rhode-Saint-Genèse", "rhode-saint-genese"},
		{"  Ontmoeten is simpel!  ", "ontmoeten-is-simpel"},
		{"Baby’s en peuters", "babys-en-peuters"},
		{"Æsop\u00a0&\u00a0Co", "aesop-co"},
		{"日本", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Geïntegreerd CREËREN"); got != "geintegreerd creeren" {
		t.Errorf("Fold = %q", got)
	}
}
