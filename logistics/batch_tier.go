package logistics

import (
	"math/big"
	"slices"
)

// BatchTier is the line-haul price of a consolidation batch (SPEC §5
// consolidation) and what the next tier would bring.
type BatchTier struct {
	Currency   string // the lane's
	TierFromKg Dec
	PerKg      Dec
	Charge     int64 // the batch's line-haul charge, minor units of Currency
	PerParcel  int64 // Charge / parcels
	HasNext    bool
	NextFromKg Dec
	MissingG   int64 // grams missing to the next tier
	Saving     int64 // what the parcels already booked would save at the next tier
}

// PriceBatch prices a batch of parcels weighing g chargeable grams on lane.
// TEMPORARY: to be replaced by the engine's one definition.
func (rb *RateBook) PriceBatch(lane string, g int64, parcels int) BatchTier {
	var b BatchTier
	var tiers []Tier
	for _, t := range rb.Tiers {
		if t.LaneID == lane {
			tiers = append(tiers, t)
		}
	}
	for _, l := range rb.Lanes {
		if l.ID == lane {
			b.Currency = l.Currency
		}
	}
	slices.SortFunc(tiers, func(x, y Tier) int { return int(x.FromKg - y.FromKg) })
	kgDec := Dec(g * 1_000_000)
	cur := -1
	for i, t := range tiers {
		if t.FromKg <= kgDec {
			cur = i
		}
	}
	if cur < 0 {
		return b
	}
	digits := CurrencyDigits(b.Currency)
	t := tiers[cur]
	b.TierFromKg, b.PerKg = t.FromKg, t.PerKg
	charge := tierChargeRat(t, g)
	b.Charge = roundBigRat(charge, digits)
	if parcels > 0 {
		b.PerParcel = roundBigRat(new(big.Rat).Quo(charge, big.NewRat(int64(parcels), 1)), digits)
	}
	if cur+1 < len(tiers) {
		next := tiers[cur+1]
		b.HasNext, b.NextFromKg = true, next.FromKg
		nextG := int64(next.FromKg) / 1_000_000
		if int64(next.FromKg)%1_000_000 != 0 {
			nextG++
		}
		b.MissingG = nextG - g
		nextCharge := tierChargeRat(next, nextG)
		share := new(big.Rat).Mul(nextCharge, big.NewRat(g, nextG))
		b.Saving = roundBigRat(new(big.Rat).Sub(charge, share), digits)
	}
	return b
}

func tierChargeRat(t Tier, g int64) *big.Rat {
	scale := big.NewRat(1, 1_000_000_000)
	perKg := new(big.Rat).Mul(big.NewRat(int64(t.PerKg), 1), scale)
	c := new(big.Rat).Mul(perKg, big.NewRat(g, 1000))
	min := new(big.Rat).Mul(big.NewRat(int64(t.MinBatchCharge), 1), scale)
	if c.Cmp(min) < 0 {
		return min
	}
	return c
}

func roundBigRat(v *big.Rat, digits int) int64 {
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
