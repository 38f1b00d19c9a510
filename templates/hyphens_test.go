package templates

import (
	"strings"
	"testing"
)

func TestSoftHyphens(t *testing.T) {
	for in, want := range map[string]string{
		"Opvoedingsondersteuning voor anderstalige ouders": "Opvoedings-ondersteuning voor anderstalige ouders",
		"Toegankelijkheidsverklaring":                      "Toegankelijkheids-verklaring",
		"Kwaliteitszorgsysteem":                            "Kwaliteits-zorgsysteem",
		"Hefboom In partnerschap":                          "Hefboom In partnerschap",
		"Vrijetijdscoaching":                               "Vrijetijdscoaching",
		"Leerlingsbegeleiding, Huisvestingsbeleid":         "Leerlings-begeleiding, Huisvestings-beleid",
		"Uitzonderingsgevallen":                            "Uitzonderings-gevallen",
		"":                                                 "",
	} {
		got := softHyphens(in)
		if strings.ReplaceAll(got, "\u00ad", "") != in {
			t.Errorf("softHyphens(%q) changes the text: %q", in, got)
		}
		if shown := strings.ReplaceAll(got, "\u00ad", "-"); shown != want {
			t.Errorf("softHyphens(%q) breaks as %q, want %q", in, shown, want)
		}
	}
}
