package ui

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"shipmode/logistics"
)

// Departures groups the open orders planned on consolidation into their batches
// (lane, departure) from the date from on, and prices each batch's line-haul tier.
// The departure and lane chargeable weight of an order come from the engine
// (Quote), the tiers from the rate book.
func (a *storeAdapter) Departures(ctx context.Context, from logistics.Date) ([]departure, error) {
	rb, _, err := a.RateBook(ctx)
	if err != nil {
		return nil, err
	}
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		return nil, fmt.Errorf("consolidation planner: %w", err)
	}
	// Orders wait at most a few weeks for a departure: look back far enough.
	in, err := a.db.PlanInput(ctx, from.AddDays(-60), logistics.NoDate)
	if err != nil {
		return nil, err
	}
	type key struct {
		lane string
		date logistics.Date
	}
	batches := map[key]*departure{}
	for i := range in.Orders {
		cur := in.Current[i]
		if cur.Mode != logistics.ModeConsolidation {
			continue
		}
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d := eng.Quote(in.Orders[i].Order, nil)
		for _, o := range d.Options {
			if o.Mode != logistics.ModeConsolidation || o.ID != cur.Option || !o.Feasible || o.Departure < from {
				continue
			}
			k := key{o.ID, o.Departure}
			b := batches[k]
			if b == nil {
				b = &departure{Lane: o.ID, Destination: d.Country, Date: o.Departure}
				batches[k] = b
			}
			b.Parcels++
			b.ChargeableG += o.ChargeableG
		}
	}
	var out []departure
	for _, b := range batches {
		priceBatch(&rb, b)
		out = append(out, *b)
	}
	slices.SortFunc(out, func(x, y departure) int {
		if x.Date != y.Date {
			return int(x.Date) - int(y.Date)
		}
		return strings.Compare(x.Lane, y.Lane)
	})
	return out, nil
}

// priceBatch fills in the tier, charge and next-tier figures of a batch (SPEC §5
// consolidation: charge = max(min_batch_charge, per_kg × batch kg) with the tier whose
// from_kg is the highest ≤ batch kg).
func priceBatch(rb *logistics.RateBook, b *departure) {
	var tiers []logistics.Tier
	for _, t := range rb.Tiers {
		if t.LaneID == b.Lane {
			tiers = append(tiers, t)
		}
	}
	for _, l := range rb.Lanes {
		if l.ID == b.Lane {
			b.Currency = l.Currency
		}
	}
	slices.SortFunc(tiers, func(x, y logistics.Tier) int { return int(x.FromKg - y.FromKg) })
	kgDec := logistics.Dec(b.ChargeableG * 1_000_000) // grams → Dec kg
	cur := -1
	for i, t := range tiers {
		if t.FromKg <= kgDec {
			cur = i
		}
	}
	if cur < 0 {
		return
	}
	digits := logistics.CurrencyDigits(b.Currency)
	t := tiers[cur]
	b.TierFromKg, b.PerKg = t.FromKg, t.PerKg
	charge := tierCharge(t, b.ChargeableG)
	b.Charge = roundMinor(charge, digits)
	if b.Parcels > 0 {
		b.PerParcel = roundMinor(new(big.Rat).Quo(charge, big.NewRat(int64(b.Parcels), 1)), digits)
	}
	if cur+1 < len(tiers) {
		next := tiers[cur+1]
		b.HasNext, b.NextFromKg = true, next.FromKg
		nextG := int64(next.FromKg) / 1_000_000
		if int64(next.FromKg)%1_000_000 != 0 {
			nextG++
		}
		b.MissingG = nextG - b.ChargeableG
		// At the next tier the batch of nextG grams costs nextCharge; the parcels
		// booked now carry their share by weight.
		nextCharge := tierCharge(next, nextG)
		share := new(big.Rat).Mul(nextCharge, big.NewRat(b.ChargeableG, nextG))
		b.Saving = roundMinor(new(big.Rat).Sub(charge, share), digits)
	}
}

// tierCharge is max(min_batch_charge, per_kg × g / 1000) in currency units, exact.
func tierCharge(t logistics.Tier, g int64) *big.Rat {
	scale := big.NewRat(1, 1_000_000_000)
	perKg := new(big.Rat).Mul(big.NewRat(int64(t.PerKg), 1), scale)
	c := new(big.Rat).Mul(perKg, big.NewRat(g, 1000))
	min := new(big.Rat).Mul(big.NewRat(int64(t.MinBatchCharge), 1), scale)
	if c.Cmp(min) < 0 {
		return min
	}
	return c
}

// roundMinor rounds an amount in currency units half away from zero to minor units.
func roundMinor(v *big.Rat, digits int) int64 {
	m := new(big.Rat).Mul(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)))
	num, den := m.Num(), m.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}
