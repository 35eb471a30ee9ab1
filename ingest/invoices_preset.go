package ingest

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// InvoiceFormat is the layout of a carrier invoice file. The zero value means: tell
// it from the header.
type InvoiceFormat uint8

const (
	InvoiceGeneric    InvoiceFormat = iota + 1 // SPEC §8 field names, one charge a row
	InvoiceDHL                                 // DHL Express e-bill (Line Type I / S rows)
	InvoiceYunExpress                          // YunExpress fee detail, English or Chinese headers
)

var invoiceFormatNames = [...]string{"", "generic", "dhl", "yunexpress"}

func (f InvoiceFormat) String() string {
	if int(f) < len(invoiceFormatNames) {
		return invoiceFormatNames[f]
	}
	return fmt.Sprintf("InvoiceFormat(%d)", f)
}

// ParseInvoiceFormat reads "dhl", "yunexpress" or "generic"; "" and "auto" are 0
// (tell from the header).
func ParseInvoiceFormat(s string) (InvoiceFormat, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); l {
	case "", "auto":
		return 0, nil
	case "yun", "yunexpress", "yun-express", "yt":
		return InvoiceYunExpress, nil
	default:
		if i, ok := nameIndex(invoiceFormatNames[1:], l); ok {
			return InvoiceFormat(i + 1), nil
		}
	}
	return 0, fmt.Errorf("unknown invoice format %q (want dhl, yunexpress or generic): %w", s, ErrOption)
}

// ifield is a value an invoice row can carry; its name is what --map and --set use.
type ifield uint8

const (
	iCarrier ifield = iota
	iInvoice
	iDate
	iTracking
	iRef
	iMarketplace
	iService
	iCharge
	iAmount
	iCurrency
	iWeightG
	iWeightKg
	// Rows that bill several charges in columns of their own (the presets; --map
	// makes any file do so): each non-zero part is a line of its kind.
	iFreight
	iFuel
	iSurcharge
	iFee
	iDuty
	iRegistration
	iProcessing
	iOther
	iTotal    // what the parts must add up to
	iLineType // DHL: I = invoice header row, S = shipment
	numIFields
)

var ifieldNames = [numIFields]string{
	"carrier", "invoice_number", "invoice_date", "tracking", "order_ref", "marketplace",
	"service", "charge", "amount", "currency", "billed_weight_g", "billed_weight_kg",
	"freight", "fuel", "surcharge", "fee", "duty", "registration_fee", "processing_fee",
	"other_fee", "total", "line_type",
}

// partCharge is the charge kind of each part column.
var partFields = [...]struct {
	f      ifield
	charge string
}{
	{iFreight, "freight"}, {iFuel, "fuel"}, {iSurcharge, "surcharge"}, {iFee, "fee"}, {iDuty, "duty"},
	{iRegistration, "fee"}, {iProcessing, "fee"}, {iOther, "surcharge"},
}

// InvoiceFields lists the field names --map and --set accept for invoice files:
// the generic fields of SPEC §8 first (carrier … billed_weight_kg), then the part
// columns a row may bill several charges in (freight, fuel, surcharge, fee, duty,
// registration_fee, processing_fee, other_fee; each non-zero part is a line of its
// kind, registration and processing being fees and other a surcharge), total (what
// the parts must add up to) and line_type (I: an invoice header row, S: a shipment).
func InvoiceFields() []string { return slices.Clone(ifieldNames[:]) }

func parseIField(s string) (ifield, bool) {
	i, ok := nameIndex(ifieldNames[:], s)
	return ifield(i), ok
}

// ipreset is how one carrier's invoice export names the fields.
type ipreset struct {
	format   InvoiceFormat
	headers  [numIFields][]string // candidate headers, lower case; the first present wins
	consts   map[ifield]string    // constant values unless the file or the user gives them
	required []ifield
	// monthInvoice: a row without an invoice number belongs to the statement of its
	// month ("2026-05"): YunExpress fee details have no invoice number.
	monthInvoice bool
	extraCharges bool // DHL's XCn Code / XCn Name / XCn Charge columns
}

func invoicePreset(f InvoiceFormat) ipreset {
	p := ipreset{format: f, consts: map[ifield]string{}}
	h := func(fl ifield, names ...string) { p.headers[fl] = names }
	switch f {
	case InvoiceDHL:
		p.consts[iCarrier] = "dhl"
		h(iLineType, "line type")
		h(iInvoice, "invoice number")
		h(iDate, "invoice date")
		h(iTracking, "shipment number", "awb number", "waybill number")
		h(iRef, "shipment reference 1", "reference")
		h(iService, "product name", "product")
		h(iWeightKg, "weight (kg)", "weight")
		h(iFreight, "weight charge")
		h(iTotal, "total amount (excl. vat)", "total amount excl vat", "total amount")
		h(iCurrency, "currency")
		p.extraCharges = true
		p.required = []ifield{iCurrency}
	case InvoiceYunExpress:
		p.consts[iCarrier] = "yunexpress"
		p.consts[iCurrency] = "CNY"
		p.monthInvoice = true
		h(iRef, "customerordernumber", "客户订单号")
		h(iTracking, "waybillnumber", "运单号")
		h(iWeightKg, "chargeweight", "计费重量")
		h(iFreight, "freight", "运费")
		h(iFuel, "fuelsurcharge", "燃油费")
		h(iRegistration, "registrationfee", "挂号费")
		h(iProcessing, "processingfee", "处理费")
		h(iOther, "otherfee", "其他费用")
		h(iTotal, "totalfee", "总费用")
		h(iService, "shippingmethodname", "运输方式", "产品名称")
		h(iDate, "occurrencetime", "发生时间")
		h(iInvoice, "billnumber", "账单号")
		h(iCurrency, "currency", "币种")
		p.required = []ifield{iDate, iTotal}
	default:
		p.format = InvoiceGeneric
		for i, n := range ifieldNames {
			h(ifield(i), n)
		}
		p.required = []ifield{iCarrier, iInvoice, iDate}
	}
	return p
}

// detectInvoiceFormat tells the layout from the header names.
func detectInvoiceFormat(idx map[string]int) InvoiceFormat {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := idx[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("line type", "shipment number"), has("shipment number", "weight charge"):
		return InvoiceDHL
	case has("waybillnumber"), has("customerordernumber"), has("运单号"), has("客户订单号"):
		return InvoiceYunExpress
	}
	return InvoiceGeneric
}

// xcColumn matches DHL's extra-charge headers: "XC1 Code", "XC1 Name", "XC1 Charge".
var xcColumn = regexp.MustCompile(`^xc(\d{1,2}) (code|name|charge)$`)

// extraCharge is one XCn triple of a DHL e-bill: columns of its code, name and charge.
type extraCharge struct {
	n                  int
	code, name, charge int // -1 when absent
}

// extraChargeColumns finds the XCn triples of a header, in order of n.
func extraChargeColumns(header []string) []extraCharge {
	byN := map[int]*extraCharge{}
	for i, h := range header {
		m := xcColumn.FindStringSubmatch(strings.ToLower(h))
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		x := byN[n]
		if x == nil {
			x = &extraCharge{n: n, code: -1, name: -1, charge: -1}
			byN[n] = x
		}
		switch m[2] {
		case "code":
			x.code = i
		case "name":
			x.name = i
		default:
			x.charge = i
		}
	}
	var xs []extraCharge
	for _, n := range slices.Sorted(maps.Keys(byN)) {
		if byN[n].charge >= 0 {
			xs = append(xs, *byN[n])
		}
	}
	return xs
}

// ibinding says where each field of an invoice row comes from.
type ibinding struct {
	col     [numIFields]int
	cnst    [numIFields]string
	isConst [numIFields]bool
	name    [numIFields]string
}

// bindInvoice matches a preset and the user's --map and --set against a header, as
// bind does for orders.
func bindInvoice(p ipreset, header []string, opt InvoiceOptions) (ibinding, []ifield, error) {
	var b ibinding
	idx := headerIndex(header)
	for f := range numIFields {
		b.col[f] = -1
		b.name[f] = ifieldNames[f]
		for _, h := range p.headers[f] {
			if i, ok := idx[h]; ok {
				b.col[f], b.name[f] = i, header[i]
				break
			}
		}
		if v, ok := p.consts[f]; ok && b.col[f] < 0 {
			b.cnst[f], b.isConst[f] = v, true
		}
	}
	all := strings.Join(ifieldNames[:], ", ")
	for _, k := range slices.Sorted(maps.Keys(opt.Map)) {
		name, h := k, opt.Map[k]
		f, ok := parseIField(name)
		if !ok {
			if f, ok = parseIField(h); ok {
				name, h = h, k
			}
		}
		if !ok {
			return b, nil, fmt.Errorf("--map %s=%s: unknown field %q (want one of %s): %w", k, opt.Map[k], k, all, ErrOption)
		}
		i, ok := idx[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			return b, nil, columnError(opt.Name, h, rsMapNoColumn, name, h)
		}
		b.col[f], b.name[f], b.isConst[f] = i, header[i], false
	}
	for _, k := range slices.Sorted(maps.Keys(opt.Set)) {
		f, ok := parseIField(k)
		if !ok {
			return b, nil, fmt.Errorf("--set %s=%s: unknown field %q (want one of %s): %w", k, opt.Set[k], k, all, ErrOption)
		}
		v := strings.TrimSpace(opt.Set[k])
		if err := checkInvoiceConst(f, v); err != nil {
			why := whyOf(err)
			return b, nil, &OptionError{Field: k, Value: opt.Set[k], Reason: why.String(), Why: why}
		}
		b.cnst[f], b.isConst[f], b.col[f], b.name[f] = v, true, -1, ifieldNames[f]
	}
	var missing []ifield
	for _, f := range p.required {
		if b.col[f] < 0 && !b.isConst[f] {
			missing = append(missing, f)
		}
	}
	if b.col[iAmount] < 0 && !b.isConst[iAmount] && !b.hasParts() && !p.extraCharges {
		missing = append(missing, iAmount)
	}
	if b.col[iTracking] < 0 && !b.isConst[iTracking] && b.col[iRef] < 0 && !b.isConst[iRef] {
		missing = append(missing, iTracking)
	}
	return b, missing, nil
}

// hasParts reports whether a row bills its charges in part columns.
func (b *ibinding) hasParts() bool {
	for _, p := range partFields {
		if b.col[p.f] >= 0 || b.isConst[p.f] {
			return true
		}
	}
	return false
}

// checkInvoiceConst validates a --set value with the same rules as a cell.
func checkInvoiceConst(f ifield, v string) error {
	var err error
	switch f {
	case iCarrier, iInvoice:
		if v == "" {
			err = fault(rsEmptyValue)
		}
	case iDate:
		_, err = scanDate(v)
	case iCurrency:
		_, err = currencyCode(v)
	case iCharge:
		if _, e := parseChargeCell(v); e != nil {
			err = e
		}
	case iWeightG:
		_, err = parseCount(v)
	case iAmount, iWeightKg, iFreight, iFuel, iSurcharge, iFee, iDuty, iRegistration, iProcessing, iOther, iTotal:
		_, _, err = parseMoney(v, false)
	}
	return err
}
