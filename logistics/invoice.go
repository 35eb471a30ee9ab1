package logistics

import (
	"fmt"
	"strings"
)

// Charge is the kind of a carrier invoice line (SPEC §8): which component of the
// plan it bills. The zero value is unset.
type Charge uint8

const (
	ChargeFreight   Charge = iota + 1 // freight → the freight component
	ChargeFuel                        // fuel surcharge → fuel
	ChargeSurcharge                   // remote, oversize, peak and other surcharges → surcharges
	ChargeFee                         // handling, registration, pick fees → fees
	ChargeDuty                        // duties and taxes paid for the consignee → duties
	ChargeCredit                      // a credit note: lowers the invoiced total, shown on its own
)

var chargeNames = [...]string{"", "freight", "fuel", "surcharge", "fee", "duty", "credit"}

// Charges lists the charge kinds in their order.
var Charges = [...]Charge{ChargeFreight, ChargeFuel, ChargeSurcharge, ChargeFee, ChargeDuty, ChargeCredit}

func (c Charge) String() string {
	if int(c) < len(chargeNames) {
		return chargeNames[c]
	}
	return fmt.Sprintf("Charge(%d)", c)
}

// ParseCharge reads a charge kind by its name, in any case; "" is freight (SPEC §8:
// an empty charge is freight). A few plural and synonym spellings are accepted
// ("surcharges", "fees", "duties", "tax").
func ParseCharge(s string) (Charge, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "freight", "shipping", "postage":
		return ChargeFreight, nil
	case "fuel", "fuel surcharge", "fuel_surcharge":
		return ChargeFuel, nil
	case "surcharge", "surcharges":
		return ChargeSurcharge, nil
	case "fee", "fees":
		return ChargeFee, nil
	case "duty", "duties", "tax", "taxes":
		return ChargeDuty, nil
	case "credit", "refund":
		return ChargeCredit, nil
	}
	return 0, fmt.Errorf("unknown charge %q (want freight, fuel, surcharge, fee, duty or credit)", s)
}

// InvoiceLine is one charge line of a carrier, 3PL or consolidator invoice (SPEC §8).
// An invoice is keyed by (Carrier, Invoice).
type InvoiceLine struct {
	Carrier     string // lower case ("dhl")
	Invoice     string // the invoice number
	InvoiceDate Date
	Tracking    string // "" when not given
	OrderRef    string // "" when not given
	Marketplace string // lower case; "" when not given
	Service     string // the carrier's service as billed; "" when not given
	Charge      Charge
	Amount      Dec    // in Currency; negative: a credit
	Currency    string // ISO 4217
	// BilledWeightG is the weight the carrier billed, in grams; 0 when not given.
	BilledWeightG int64
}
