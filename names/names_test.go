package names

import (
	"slices"
	"testing"
)

func TestKeyJoinsWaysOfWritingOneName(t *testing.T) {
	same := [][]string{
		{"Community Safety Fund", "community safety fund", "OPCC Community Safety Fund", "PCC's Community Safety Fund",
			"PCC’s Community Safety Fund", "Community Safety Fund.", "The Police and Crime Commissioner's Community Safety Fund",
			"Office of the Police & Crime Commissioner Community Safety Fund", "  Community  Safety\tFund "},
		{"Thames Valley Police and Crime Panel", "Thames Valley Police & Crime Panel", "THAMES VALLEY POLICE AND CRIME PANEL"},
		{"Age UK Oxfordshire", "Age UK (Oxfordshire)", "age-uk oxfordshire"},
		{"St Michael's Church", "St Michael’s Church", "St Michaels Church"},
	}
	for _, group := range same {
		want := Key(group[0])
		for _, n := range group[1:] {
			if got := Key(n); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want one key", n, got, group[0], want)
			}
		}
	}
	differ := [][2]string{
		{"Community Safety Fund", "Police Property Act Fund"},
		{"Oxfordshire CSP", "Oxfordshire County Council"},
		{"DrugFAM (Berkshire)", "DrugFAM (Oxfordshire)"},
	}
	for _, d := range differ {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q: they are different names", d[0], d[1], Key(d[0]))
		}
	}
	// A name that is only a prefix still names something.
	for _, n := range []string{"PCC", "OPCC", "The"} {
		if Key(n) == "" {
			t.Errorf("Key(%q) is empty", n)
		}
	}
}

func TestGroupsNameTheCommonestVariant(t *testing.T) {
	gs := Groups(map[string]int{"Community Safety Fund": 5, "OPCC Community Safety Fund": 2, "PCC's Community Safety Fund": 1, "Police Property Act Fund": 3})
	if len(gs) != 2 {
		t.Fatalf("%d groups, want 2: %v", len(gs), gs)
	}
	g := gs[Key("community safety fund")]
	if g == nil || g.Name != "Community Safety Fund" {
		t.Fatalf("group %+v", g)
	}
	if want := []string{"Community Safety Fund", "OPCC Community Safety Fund", "PCC's Community Safety Fund"}; !slices.Equal(g.Variants, want) {
		t.Errorf("variants %q, want %q", g.Variants, want)
	}
}

func TestKeyRules(t *testing.T) {
	same := [][]string{
		// legal forms
		{"Seren Energy", "Seren Energy Ltd", "Seren Energy Limited", "SEREN ENERGY LTD.", "Seren Energy plc"},
		{"Tintern Community Shop", "Tintern Community Shop CIC", "Tintern Community Shop C.I.C.", "Tintern Community Shop Community Interest Company", "Tintern Community Shop Ltd CIC"},
		{"East Kent Opportunities", "East Kent Opportunities LLP"},
		// list labels read into a name
		{"Manordeilo Reading Room Committee", "5vii) The Manordeilo Reading Room Committee", "(a) Manordeilo Reading Room Committee", "iv) Manordeilo Reading Room Committee", "3. Manordeilo Reading Room Committee"},
		// accents
		{"Gŵyl y Goeden", "Gwyl Y Goeden", "Gw\u0302yl y Goeden"},
		// known abbreviations
		{"Oxfordshire CSP", "Oxfordshire Community Safety Partnership"},
		{"Llangadog YFC", "Llangadog Young Farmers Club", "Llangadog Y.F.C."},
		{"DfE", "Department for Education", "the Department for Education"},
		{"MHCLG", "Ministry of Housing, Communities and Local Government"},
		// a holder followed by "for" is the name itself
		{"Police and Crime Commissioner for Thames Valley", "The Police & Crime Commissioner for Thames Valley"},
	}
	for _, group := range same {
		want := Key(group[0])
		for _, n := range group[1:] {
			if got := Key(n); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want one key", n, got, group[0], want)
			}
		}
	}
	differ := [][2]string{
		{"Thames Valley Police", "Thames Valley Police and Crime Panel"},
		{"Royal Borough of Windsor and Maidenhead", "Royal Borough of Windsor and Maidenhead CSP"},
		{"Llandeilo YFC", "Llangadog YFC"},
		{"A. Smith Trust", "Smith Trust"},                  // an initial is not a list label
		{"St Michael's Church PCC", "St Michael's Church"}, // PCC is not expanded, nor dropped from the end
		{"Police and Crime Commissioner for Thames Valley", "Thames Valley"},
		{"Limited Edition Arts", "Edition Arts"}, // a legal form only at the end
		{"2020 Fund", "Fund"},
	}
	for _, d := range differ {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q: they are different names", d[0], d[1], Key(d[0]))
		}
	}
	for name, want := range map[string]string{
		"Ltd":                    "ltd",
		"The Ltd":                "ltd",
		"5vii)":                  "5vii",
		"C.I.C.":                 "cic",
		"Cllr. W. Loynton":       "cllr w loynton",
		"PCC for Thames Valley":  "pcc for thames valley",
		"Office of the PCC":      "office of the pcc",
		"2.1 Village Hall":       "village hall",
		"Village Hall 2.1":       "village hall 2 1",
		"(12) Salem Bowls Club":  "salem bowls club",
		"12 Salem Road Trust":    "12 salem road trust",
		"Mr. A.B. Jones":         "mr ab jones",
		"Ysgol Gymraeg Rhydaman": "ysgol gymraeg rhydaman",
	} {
		if got := Key(name); got != want {
			t.Errorf("Key(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestAbbreviationsRefuseBadLines(t *testing.T) {
	for _, text := range []string{"CSP\n", "CSP = Partnership\n", "C S P = Community Safety Partnership\n", "A = Bb Cc\nA = Dd Ee\n"} {
		if _, err := parseAbbreviations(text); err == nil {
			t.Errorf("parseAbbreviations(%q) took a bad line", text)
		}
	}
}

func TestGroupsNameTiesByTheFullerVariant(t *testing.T) {
	gs := Groups(map[string]int{"YOS": 1, "Youth Offending Service": 1})
	if g := gs[Key("yos")]; g == nil || g.Name != "Youth Offending Service" || len(g.Variants) != 2 {
		t.Errorf("group %+v: of two names written as often, want the longer shown", g)
	}
}
