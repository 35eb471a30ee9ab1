package ops

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"shipmode/logistics"
)

// Departure is one upcoming consolidation batch: the parcels planned on a lane's
// departure, the line-haul tier they reach and what the next tier would bring
// (logistics.BatchPrice).
type Departure struct {
	Lane        string
	Destination string
	Date        logistics.Date
	Parcels     int
	ChargeableG int64 // batch chargeable weight
	logistics.BatchPrice
}

// Departures groups the open orders planned on consolidation into their batches
// (lane, departure) from the date from on, and prices each batch's line-haul tier
// (SPEC §2.8). The departure and lane chargeable weight of an order come from the
// engine, the charge from logistics. progress counts the open orders looked at.
func (s *Service) Departures(ctx context.Context, from logistics.Date, progress Progress) (DeparturesResult, error) {
	eng, _, _, err := s.engine(ctx)
	if err != nil {
		return DeparturesResult{}, err
	}
	// Orders wait at most a few weeks for a departure: look back far enough.
	in, err := s.db.PlanInput(ctx, from.AddDays(-60), logistics.NoDate)
	if err != nil {
		return DeparturesResult{}, err
	}
	total := int64(len(in.Orders))
	type key struct {
		lane string
		date logistics.Date
	}
	batches := map[key]*Departure{}
	for i := range in.Orders {
		cur := in.Current[i]
		if cur.Mode != logistics.ModeConsolidation {
			continue
		}
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return DeparturesResult{}, err
			}
			progress.report(int64(i), total)
		}
		d := eng.Quote(in.Orders[i].Order, nil)
		for _, o := range d.Options {
			if o.Mode != logistics.ModeConsolidation || o.ID != cur.Option || !o.Feasible || o.Departure < from {
				continue
			}
			k := key{o.ID, o.Departure}
			b := batches[k]
			if b == nil {
				b = &Departure{Lane: o.ID, Destination: d.Country, Date: o.Departure}
				batches[k] = b
			}
			b.Parcels++
			b.ChargeableG += o.ChargeableG
		}
	}
	out := make([]Departure, 0, len(batches))
	for _, b := range batches {
		if b.BatchPrice, err = eng.PriceBatch(b.Lane, b.ChargeableG, b.Parcels); err != nil {
			return DeparturesResult{}, err
		}
		out = append(out, *b)
	}
	slices.SortFunc(out, func(x, y Departure) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), strings.Compare(x.Lane, y.Lane))
	})
	progress.report(total, total)
	return DeparturesResult{Departures: out}, nil
}

// DeparturesResult lists the upcoming batches by date, then lane.
type DeparturesResult struct {
	Departures []Departure
}
