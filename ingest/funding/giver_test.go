package funding

import "testing"

const panelAwardsPage = `<html><body>
<h1>Report of the Police and Crime Commissioner</h1>
<h2>Community Safety Fund 2024/25</h2>
<p>The Commissioner awarded £45,000 to Northshire CSP from the Community Safety Fund for its youth diversion scheme.</p>
<p>A further £12,500 was awarded by the PCC out of his Community Safety Fund to Harbourside Women's Aid for refuge places.</p>
<p>£8,000 was granted to the Eastfield Credit Union by the Department for Work and Pensions for debt advice.</p>
</body></html>`

// A police and crime panel's papers report the commissioner's grants: the
// panel gives no money. "The PCC" is that commissioner, and a giver a line
// names is kept.
func TestFunderOfAPanelsPapersIsTheCommissioner(t *testing.T) {
	got := map[string]string{}
	for _, it := range readHTML(t, panelAwardsPage, "Wessex Police and Crime Panel") {
		got[it.Recipient] = it.Funder
	}
	want := map[string]string{
		"Northshire CSP":             "Police and Crime Commissioner for Wessex",
		"Harbourside Women's Aid":    "Police and Crime Commissioner for Wessex",
		"the Eastfield Credit Union": "Department for Work and Pensions",
	}
	for r, f := range want {
		if got[r] != f {
			t.Errorf("funder of %q: %q, want %q (all: %q)", r, got[r], f, got)
		}
	}
}

// A committee spends its council's money; a body that names no council
// ("Cabinet") gives no funder rather than a guess.
func TestGrantMaker(t *testing.T) {
	for body, want := range map[string]string{
		"Thames Valley Police and Crime Panel":      "Police and Crime Commissioner for Thames Valley",
		"North Wales Police and Crime Panel":        "Police and Crime Commissioner for North Wales",
		"Merton Council Audit Committee":            "Merton Council",
		"Tintern Community Council":                 "Tintern Community Council",
		"Manordeilo & Salem Community Council":      "Manordeilo & Salem Community Council",
		"Kent County Council Cabinet":               "Kent County Council",
		"The Greater Manchester Combined Authority": "Greater Manchester Combined Authority",
		"Stratford-on-Avon District Council":        "Stratford-on-Avon District Council",
		"Cabinet":                                   "",
		"County Council":                            "",
		"Policy Committee":                          "",
		"Police and Crime Panel":                    "",
	} {
		if got := grantMaker(body, nil); got != want {
			t.Errorf("grantMaker(%q) = %q, want %q", body, got, want)
		}
	}
	for _, c := range []struct{ name, maker, want string }{
		{"the PCC", "Police and Crime Commissioner for Thames Valley", "Police and Crime Commissioner for Thames Valley"},
		{"the Council", "Merton Council", "Merton Council"},
		{"the Council", "Police and Crime Commissioner for Thames Valley", "the Council"},
		{"the PCC", "", "the PCC"},
		{"Sport England", "Merton Council", "Sport England"},
	} {
		if got := resolveRole(c.name, c.maker); got != c.want {
			t.Errorf("resolveRole(%q, %q) = %q, want %q", c.name, c.maker, got, c.want)
		}
	}
}
