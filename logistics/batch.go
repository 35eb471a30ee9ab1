package logistics

import (
	"errors"
	"fmt"
	"math/big"
)

// ErrNoLane is returned by PriceBatch for a lane the rate book does not have, or one
// without line-haul tiers.
var ErrNoLane = errors.New("no such consolidation lane")

// tierAt returns the tier a batch of g lane chargeable grams reaches on ln (SPEC §5
// "consolidation"): the one whose from_kg is the highest ≤ g / 1000, else the lowest
// tier. ln must have tiers.
func (ln *lane) tierAt(g int64) *Tier {
	var tier *Tier
	for i := range ln.tiers {
		// from_kg ≤ g/1000  ⇔  from_kg_nano ≤ g × 10⁶
		if uint64(ln.tiers[i].FromKg) <= uint64(g)*1e6 {
			tier = &ln.tiers[i]
		}
	}
	if tier == nil {
		tier = &ln.tiers[0]
	}
	return tier
}

// batchCharge is the line-haul charge of a batch of g grams at tier t,
// max(min_batch_charge, per_kg × g / 1000), exactly, in 10⁻¹² of the lane
// currency.
func batchCharge(t *Tier, g int64) u128 {
	charge := mul64(uint64(t.PerKg), uint64(g))
	if minCharge := mul64(uint64(t.MinBatchCharge), 1000); charge.less(minCharge) {
		charge = minCharge
	}
	return charge
}

// BatchPrice is the line-haul charge of a consolidation batch, as the engine prices
// it, and what reaching the lane's next tier would change: what a departures view
// shows. Amounts are minor units of Currency, each rounded half away from zero from
// the exact figures (the engine shares the exact charge among the parcels and
// rounds each share).
type BatchPrice struct {
	Currency  string // the lane's
	Tier      Tier   // the tier reached: the highest from_kg ≤ batch kg, else the lowest
	Charge    int64  // max(min_batch_charge, per_kg × batch kg)
	PerParcel int64  // the exact charge / parcels; 0 without parcels
	HasNext   bool   // a tier starts above the batch's weight and Tier
	Next      Tier   // the first such tier, when HasNext
	MissingG  int64  // grams the batch lacks to reach Next: ⌈Next.FromKg in g⌉ − batch g
	// Saving is what the parcels booked now would pay less if the batch reached
	// Next: the exact charge minus their share by weight (batch g / next g) of the
	// exact charge of a batch of ⌈Next.FromKg in g⌉ grams. Negative when the next
	// tier's minimum charge outweighs its lower rate.
	Saving int64
}

// PriceBatch prices a batch of g lane chargeable grams (Σ of its parcels') of
// parcels parcels on the lane laneID, with the same arithmetic as the engine's
// consolidation options. It fails with ErrNoLane for an unknown lane or one without
// tiers, and with ErrOverflow for amounts beyond the exact arithmetic.
func (e *Engine) PriceBatch(laneID string, g int64, parcels int) (BatchPrice, error) {
	ln := e.lanes[laneID]
	if ln == nil || len(ln.tiers) == 0 {
		return BatchPrice{}, fmt.Errorf("price batch on %q: %w", laneID, ErrNoLane)
	}
	if g < 0 {
		return BatchPrice{}, fmt.Errorf("price batch on %q: negative weight %d g", laneID, g)
	}
	scale := pow10[ln.cur.digits]
	one := u128{lo: 1}
	tier := ln.tierAt(g)
	charge := batchCharge(tier, g)
	p := BatchPrice{Currency: ln.Currency, Tier: *tier}
	var err error
	if p.Charge, err = shareRound(charge, one, one, scale); err != nil {
		return BatchPrice{}, fmt.Errorf("price batch on %q: %w", laneID, err)
	}
	if parcels > 0 {
		if p.PerParcel, err = shareRound(charge, one, u128{lo: uint64(parcels)}, scale); err != nil {
			return BatchPrice{}, fmt.Errorf("price batch on %q: %w", laneID, err)
		}
	}
	for i := range ln.tiers {
		if t := &ln.tiers[i]; uint64(t.FromKg) > uint64(g)*1e6 && t.FromKg > tier.FromKg {
			p.HasNext, p.Next = true, *t
			break
		}
	}
	if !p.HasNext {
		return p, nil
	}
	nextG := int64((uint64(p.Next.FromKg) + 999_999) / 1_000_000) // ⌈from_kg × 1000⌉
	p.MissingG = nextG - g
	// (charge × nextG − nextCharge × g) / (nextG × 10¹²) in currency units
	nextCharge := batchCharge(ln.tierAt(nextG), nextG)
	num := new(big.Int).Mul(charge.big(), big.NewInt(nextG))
	num.Sub(num, new(big.Int).Mul(nextCharge.big(), big.NewInt(g)))
	num.Mul(num, new(big.Int).SetUint64(scale))
	if p.Saving, err = roundRat(num, new(big.Int).Mul(big.NewInt(nextG), big.NewInt(1e12))); err != nil {
		return BatchPrice{}, fmt.Errorf("price batch on %q: %w", laneID, err)
	}
	return p, nil
}
