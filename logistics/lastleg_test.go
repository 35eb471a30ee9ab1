package logistics_test

import (
	"testing"

	"shipmode/logistics"
)

func TestLastLeg(t *testing.T) {
	rb := &logistics.RateBook{
		Services:   []logistics.Service{{ID: "USPS-GA", Carrier: "USPS"}, {ID: "YW", Carrier: "Yanwen"}, {ID: "COLIS", Carrier: "La Poste"}},
		Warehouses: []logistics.Warehouse{{ID: "WH-US", DeliveryService: "USPS-GA"}, {ID: "FW-FR", DeliveryService: "COLIS"}},
		Lanes:      []logistics.Lane{{ID: "LANE-1", DeliveryService: "USPS-GA"}, {ID: "LANE-X", DeliveryService: "NONE"}},
	}
	tests := []struct {
		mode                 logistics.Mode
		id, carrier, service string
		ok                   bool
	}{
		{logistics.ModeDirect, "YW", "Yanwen", "YW", true},
		{logistics.ModeWarehouse, "WH-US", "USPS", "USPS-GA", true},
		{logistics.ModeLocal, "FW-FR", "La Poste", "COLIS", true},
		{logistics.ModeConsolidation, "LANE-1", "USPS", "USPS-GA", true},
		{logistics.ModeConsolidation, "LANE-X", "", "NONE", false}, // a service the book lacks
		{logistics.ModeWarehouse, "WH-NOPE", "", "", false},
		{logistics.ModeDirect, "NOPE", "", "NOPE", false},
		{0, "YW", "", "", false},
	}
	for _, tt := range tests {
		c, s, ok := rb.LastLeg(tt.mode, tt.id)
		if c != tt.carrier || s != tt.service || ok != tt.ok {
			t.Errorf("LastLeg(%v, %q) = %q, %q, %v; want %q, %q, %v", tt.mode, tt.id, c, s, ok, tt.carrier, tt.service, tt.ok)
		}
	}
}
