package logistics

import "fmt"

// Mode is one of the four cross-border logistics models. The zero value is unset.
// The numeric order is the tie-break order of SPEC §5: warehouse, local,
// consolidation, direct.
type Mode uint8

const (
	ModeWarehouse     Mode = iota + 1 // overseas warehouse
	ModeLocal                         // localized delivery from a forward warehouse
	ModeConsolidation                 // cross-border consolidation on a scheduled line-haul
	ModeDirect                        // direct mail from the origin
)

// Modes lists the four modes in tie-break order.
var Modes = [...]Mode{ModeWarehouse, ModeLocal, ModeConsolidation, ModeDirect}

var modeNames = [...]string{"", "warehouse", "local", "consolidation", "direct"}

func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", m)
}

// ParseMode reads a mode id ("direct", "warehouse", "consolidation", "local").
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if i > 0 && n == s {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown mode %q (want direct, warehouse, consolidation or local)", s)
}

// ServiceMode is what a carrier service is used for in the rate book.
type ServiceMode uint8

const (
	ServiceDirect   ServiceMode = iota + 1 // an international service from the origin
	ServiceLastMile                        // a domestic service out of an overseas warehouse or lane
	ServiceLocal                           // a same/next-day service out of a forward warehouse
)

var serviceModeNames = [...]string{"", "direct", "last_mile", "local"}

func (m ServiceMode) String() string {
	if int(m) < len(serviceModeNames) {
		return serviceModeNames[m]
	}
	return fmt.Sprintf("ServiceMode(%d)", m)
}

// ParseServiceMode reads a service mode ("direct", "last_mile", "local").
func ParseServiceMode(s string) (ServiceMode, error) {
	for i, n := range serviceModeNames {
		if i > 0 && n == s {
			return ServiceMode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown service mode %q (want direct, last_mile or local)", s)
}

// WarehouseKind tells an overseas warehouse from a forward (local) one.
type WarehouseKind uint8

const (
	Overseas WarehouseKind = iota + 1
	Forward
)

var warehouseKindNames = [...]string{"", "overseas", "forward"}

func (k WarehouseKind) String() string {
	if int(k) < len(warehouseKindNames) {
		return warehouseKindNames[k]
	}
	return fmt.Sprintf("WarehouseKind(%d)", k)
}

// ParseWarehouseKind reads "overseas" or "forward".
func ParseWarehouseKind(s string) (WarehouseKind, error) {
	for i, n := range warehouseKindNames {
		if i > 0 && n == s {
			return WarehouseKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown warehouse kind %q (want overseas or forward)", s)
}

// SurchargeKind is the kind of a surcharge row.
type SurchargeKind uint8

const (
	Remote SurchargeKind = iota + 1
	Oversize
	Peak
)

var surchargeKindNames = [...]string{"", "remote", "oversize", "peak"}

func (k SurchargeKind) String() string {
	if int(k) < len(surchargeKindNames) {
		return surchargeKindNames[k]
	}
	return fmt.Sprintf("SurchargeKind(%d)", k)
}

// ParseSurchargeKind reads "remote", "oversize" or "peak".
func ParseSurchargeKind(s string) (SurchargeKind, error) {
	for i, n := range surchargeKindNames {
		if i > 0 && n == s {
			return SurchargeKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown surcharge kind %q (want remote, oversize or peak)", s)
}

// Allocation is how a consolidation batch's line-haul charge is shared.
type Allocation uint8

const (
	ByChargeable Allocation = iota + 1
	ByVolume
	ByValue
)

var allocationNames = [...]string{"", "chargeable", "volume", "value"}

func (a Allocation) String() string {
	if int(a) < len(allocationNames) {
		return allocationNames[a]
	}
	return fmt.Sprintf("Allocation(%d)", a)
}

// ParseAllocation reads "chargeable", "volume" or "value" ("" is chargeable).
func ParseAllocation(s string) (Allocation, error) {
	if s == "" {
		return ByChargeable, nil
	}
	for i, n := range allocationNames {
		if i > 0 && n == s {
			return Allocation(i), nil
		}
	}
	return 0, fmt.Errorf("unknown allocation %q (want chargeable, volume or value)", s)
}

// Valuation is the customs value basis of a duty row.
type Valuation uint8

const (
	CIF Valuation = iota + 1 // goods value plus freight
	FOB                      // goods value alone
)

var valuationNames = [...]string{"", "CIF", "FOB"}

func (v Valuation) String() string {
	if int(v) < len(valuationNames) {
		return valuationNames[v]
	}
	return fmt.Sprintf("Valuation(%d)", v)
}

// ParseValuation reads "CIF" or "FOB" ("" is CIF).
func ParseValuation(s string) (Valuation, error) {
	switch s {
	case "", "CIF":
		return CIF, nil
	case "FOB":
		return FOB, nil
	}
	return 0, fmt.Errorf("unknown valuation %q (want CIF or FOB)", s)
}
