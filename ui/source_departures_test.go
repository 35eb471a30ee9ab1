package ui

import (
	"testing"

	"shipmode/logistics"
)

func TestPriceBatch(t *testing.T) {
	rb := &logistics.RateBook{
		Lanes: []logistics.Lane{{ID: "L", Currency: "USD"}},
		Tiers: []logistics.Tier{
			{LaneID: "L", FromKg: 0, PerKg: logistics.Dec(6_100_000_000), MinBatchCharge: logistics.DecInt(55)},
			{LaneID: "L", FromKg: logistics.DecInt(20), PerKg: logistics.Dec(4_400_000_000)},
			{LaneID: "OTHER", FromKg: logistics.DecInt(5), PerKg: logistics.DecInt(1)},
		},
	}
	tests := []struct {
		name                      string
		parcels                   int
		g                         int64
		charge, perParcel, saving int64
		missing                   int64
		hasNext                   bool
	}{
		// 5 kg × 6.10 = 30.50 < 55.00 minimum; at 20 kg: 88.00 shared 5/20 = 22.00.
		{"minimum charge", 2, 5_000, 5500, 2750, 5500 - 2200, 15_000, true},
		// 19.25 kg × 6.10 = 117.425 → 117.43; at 20 kg: 88.00 × 19.25/20 = 84.70.
		{"just below the next tier", 57, 19_250, 11743, 206, 3273, 750, true},
		// 702 kg × 4.40 = 3088.80; no tier after.
		{"top tier", 903, 702_000, 308880, 342, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := departure{Lane: "L", Parcels: tt.parcels, ChargeableG: tt.g}
			priceBatch(rb, &d)
			if d.Currency != "USD" {
				t.Errorf("got currency %q, want USD", d.Currency)
			}
			if d.Charge != tt.charge || d.PerParcel != tt.perParcel {
				t.Errorf("got charge %d per parcel %d, want %d and %d", d.Charge, d.PerParcel, tt.charge, tt.perParcel)
			}
			if d.HasNext != tt.hasNext || d.MissingG != tt.missing || d.Saving != tt.saving {
				t.Errorf("got next %v missing %d g saving %d, want %v, %d, %d", d.HasNext, d.MissingG, d.Saving, tt.hasNext, tt.missing, tt.saving)
			}
		})
	}
}
