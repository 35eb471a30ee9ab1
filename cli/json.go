package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"shipmode/logistics"
)

// decisionJSON is the decision object of SPEC §7.
type decisionJSON struct {
	OrderRef  string       `json:"order_ref"`
	OrderDate string       `json:"order_date"`
	Country   string       `json:"country"`
	Chosen    *chosenJSON  `json:"chosen"`
	SLARisk   bool         `json:"sla_risk"`
	Reason    string       `json:"reason"`
	Options   []optionJSON `json:"options"`
}

type chosenJSON struct {
	Mode   string `json:"mode"`
	Option string `json:"option"`
}

type optionJSON struct {
	Mode        string          `json:"mode"`
	Option      string          `json:"option"`
	Feasible    bool            `json:"feasible"`
	Reason      string          `json:"reason"`
	TransitDays *int            `json:"transit_days"`
	ChargeableG *int64          `json:"chargeable_g"`
	Components  *componentsJSON `json:"components"`
	Total       *string         `json:"total"`
}

type componentsJSON struct {
	Freight    string `json:"freight"`
	Surcharges string `json:"surcharges"`
	Fuel       string `json:"fuel"`
	Fees       string `json:"fees"`
	Storage    string `json:"storage"`
	Headhaul   string `json:"headhaul"`
	Duties     string `json:"duties"`
}

func toJSON(d *logistics.Decision) decisionJSON {
	digits := logistics.CurrencyDigits(d.Currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) }
	out := decisionJSON{
		OrderRef:  d.OrderRef,
		OrderDate: d.Date.String(),
		Country:   d.Country,
		SLARisk:   d.SLARisk,
		Reason:    d.Reason,
		Options:   make([]optionJSON, 0, len(d.Options)),
	}
	if c, ok := d.ChosenOption(); ok {
		out.Chosen = &chosenJSON{Mode: c.Mode.String(), Option: c.ID}
	}
	for _, o := range d.Options {
		oj := optionJSON{Mode: o.Mode.String(), Option: o.ID, Feasible: o.Feasible, Reason: o.Reason.String()}
		if o.Feasible {
			days, g, total := o.TransitDays, o.ChargeableG, m(o.Total)
			c := o.Components
			oj.TransitDays, oj.ChargeableG, oj.Total = &days, &g, &total
			oj.Components = &componentsJSON{
				Freight: m(c.Freight), Surcharges: m(c.Surcharges), Fuel: m(c.Fuel), Fees: m(c.Fees),
				Storage: m(c.Storage), Headhaul: m(c.Headhaul), Duties: m(c.Duties),
			}
		}
		out.Options = append(out.Options, oj)
	}
	return out
}

// orderJSON is the ORDER.json layout of SPEC §7.
type orderJSON struct {
	OrderRef     string      `json:"order_ref"`
	Marketplace  string      `json:"marketplace"`
	OrderDate    string      `json:"order_date"`
	Country      string      `json:"country"`
	PostalCode   string      `json:"postal_code"`
	Currency     string      `json:"currency"`
	PromisedDays *int        `json:"promised_days"`
	Lines        []lineJSON  `json:"lines"`
	Parcel       *parcelJSON `json:"parcel"`
}

type lineJSON struct {
	SKU       string      `json:"sku"`
	Qty       int64       `json:"qty"`
	UnitPrice json.Number `json:"unit_price"`
}

type parcelJSON struct {
	LengthMM int64 `json:"length_mm"`
	WidthMM  int64 `json:"width_mm"`
	HeightMM int64 `json:"height_mm"`
	WeightG  int64 `json:"weight_g"`
}

// readOrder reads ORDER.json; errors name the file and, for syntax, line and column.
func readOrder(name string, data []byte) (logistics.Order, error) {
	var oj orderJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&oj); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			// Offset counts the bytes read, the offending one included
			line, col := lineCol(data, max(se.Offset-1, 0))
			return logistics.Order{}, userErrorf("%s line %d column %d: %v", name, line, col, err)
		case errors.As(err, &te):
			line, col := lineCol(data, te.Offset)
			return logistics.Order{}, userErrorf("%s line %d column %d: field %q: want %s, got %s", name, line, col, te.Field, te.Type, te.Value)
		case errors.Is(err, io.EOF):
			return logistics.Order{}, userErrorf("%s: empty file", name)
		}
		return logistics.Order{}, userErrorf("%s: %v", name, err)
	}
	field := func(f, reason string) error { return userErrorf("%s field %q: %s", name, f, reason) }
	o := logistics.Order{
		Ref: oj.OrderRef, Marketplace: oj.Marketplace, Country: strings.ToUpper(strings.TrimSpace(oj.Country)),
		PostalCode: oj.PostalCode, Currency: strings.ToUpper(strings.TrimSpace(oj.Currency)),
	}
	if o.Ref == "" {
		return o, field("order_ref", "is empty")
	}
	d, err := logistics.ParseDate(oj.OrderDate)
	if err != nil {
		return o, field("order_date", err.Error())
	}
	o.Date = d
	if len(o.Country) != 2 {
		return o, field("country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code", oj.Country))
	}
	if err := logistics.CheckCurrency(o.Currency); err != nil {
		return o, field("currency", err.Error())
	}
	if oj.PromisedDays != nil {
		if *oj.PromisedDays < 0 {
			return o, field("promised_days", "is negative")
		}
		o.PromisedDays = *oj.PromisedDays
	}
	if len(oj.Lines) == 0 {
		return o, field("lines", "has no lines")
	}
	for i, l := range oj.Lines {
		if l.SKU == "" {
			return o, field(fmt.Sprintf("lines[%d].sku", i), "is empty")
		}
		if l.Qty <= 0 {
			return o, field(fmt.Sprintf("lines[%d].qty", i), "must be at least 1")
		}
		price, err := logistics.ParseDec(jsonDecimal(l.UnitPrice))
		if err != nil || price < 0 {
			return o, field(fmt.Sprintf("lines[%d].unit_price", i), fmt.Sprintf("%q is not a price", l.UnitPrice))
		}
		o.Lines = append(o.Lines, logistics.Line{SKU: l.SKU, Qty: l.Qty, UnitPrice: price})
	}
	if p := oj.Parcel; p != nil {
		if p.LengthMM < 0 || p.WidthMM < 0 || p.HeightMM < 0 || p.WeightG < 0 {
			return o, field("parcel", "has a negative size or weight")
		}
		o.Parcel = &logistics.Parcel{LengthMM: p.LengthMM, WidthMM: p.WidthMM, HeightMM: p.HeightMM, WeightG: p.WeightG}
	}
	return o, nil
}

// jsonDecimal turns a JSON number into plain decimal text (JSON allows exponents).
func jsonDecimal(n json.Number) string {
	s := n.String()
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
	var e int
	if _, err := fmt.Sscan(exp, &e); err != nil || e > 20 || e < -20 {
		return s
	}
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	ip, fp, _ := strings.Cut(mant, ".")
	digits := ip + fp
	point := len(ip) + e
	for point < 0 {
		digits, point = "0"+digits, point+1
	}
	for point > len(digits) {
		digits += "0"
	}
	out := digits[:point]
	if out == "" {
		out = "0"
	}
	if point < len(digits) {
		out += "." + digits[point:]
	}
	if neg {
		out = "-" + out
	}
	return out
}

func lineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:offset] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
