package reports

import (
	"encoding/csv"
	"io"

	"shipmode/ingest"
)

// HandoffRow is one order for a label tool: which mode and option the plan chose,
// and the carrier and service of its last leg.
type HandoffRow struct {
	Ref, Marketplace string
	Mode             string // the mode's name: warehouse, local, consolidation, direct
	Option           string // the service, warehouse or lane id
	Carrier, Service string
}

// HandoffHeader is the hand-off file's header row.
var HandoffHeader = []string{"order_ref", "marketplace", "mode", "option", "carrier", "service"}

// WriteHandoff writes the rows rows yields as a CSV file for a label tool
// (ShipStation-style): UTF-8, a header, one row per order. Every cell goes through
// ingest.SafeCell, so no spreadsheet runs an order reference as a formula. An error
// from rows stops it and is returned.
func WriteHandoff(w io.Writer, rows func(yield func(HandoffRow) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(HandoffHeader); err != nil {
		return err
	}
	rec := make([]string, len(HandoffHeader))
	err := rows(func(r HandoffRow) error {
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = r.Ref, r.Marketplace, r.Mode, r.Option, r.Carrier, r.Service
		for i := range rec {
			rec[i] = ingest.SafeCell(rec[i])
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
