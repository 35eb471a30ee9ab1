package ingest

import (
	"context"
	"strings"
	"testing"
)

// TestPreviewTable: the header and the first 2 of 3 rows as they are, with
// their line numbers (the header is line 1), whatever the columns mean.
func TestPreviewTable(t *testing.T) {
	in := "Waybill;Kosten;Datum\nJD1;12,50;03.06.2026\nJD2;7,00;04.06.2026\nJD3;1,00;05.06.2026\n"
	pv, err := PreviewTable(context.Background(), strings.NewReader(in), "bill.csv", 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(pv.Header, "|") != "Waybill|Kosten|Datum" || len(pv.Rows) != 2 ||
		strings.Join(pv.Rows[1], "|") != "JD2|7,00|04.06.2026" || pv.Lines[0] != 2 || pv.Lines[1] != 3 {
		t.Errorf("got %+v", pv)
	}
}
