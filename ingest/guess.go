package ingest

import "strings"

// GuessColumn proposes the header of header that most likely holds the field
// named f (an order or invoice field): the first whose name, without case, spaces,
// underscores and hyphens, is f's or holds it ("Invoice Date" for invoice_date,
// "Qty" for qty); "" when none does. The column-mapping step offers it first for
// a field the reader found no column for.
func GuessColumn(f string, header []string) string {
	want := strings.ReplaceAll(f, "_", "")
	squash := strings.NewReplacer(" ", "", "_", "", "-", "")
	for _, h := range header {
		n := strings.ToLower(squash.Replace(h))
		if n == want || strings.Contains(n, want) {
			return h
		}
	}
	return ""
}
