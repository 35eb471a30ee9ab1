package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Format is the layout of an order file. The zero value means: tell it from the header.
type Format uint8

const (
	Generic         Format = iota + 1 // SPEC §7 columns, one row per order line
	Amazon                            // Seller Central "Order Report" (TSV, prices)
	AmazonUnshipped                   // Seller Central "Unshipped Orders" (TSV, promise-date, no prices)
	Ebay                              // Seller Hub "Orders" CSV
	Shopify                           // Shopify admin "Export orders" CSV
)

var formatNames = [...]string{"", "generic", "amazon", "amazon-unshipped", "ebay", "shopify"}

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// ParseFormat reads a format name ("amazon", "amazon-unshipped", "ebay", "shopify",
// "generic"); "" and "auto" are 0 (tell from the header). "amazon" also reads the
// Unshipped Orders report: Orders tells the two apart by their headers.
func ParseFormat(s string) (Format, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); l {
	case "", "auto":
		return 0, nil
	default:
		for i, n := range formatNames {
			if i > 0 && n == l {
				return Format(i), nil
			}
		}
	}
	return 0, fmt.Errorf("unknown format %q (want amazon, ebay, shopify or generic): %w", s, ErrOption)
}

// field is a value an order row can carry; its name is what --map and --set use.
type field uint8

const (
	fRef field = iota
	fMarketplace
	fDate
	fCountry
	fPostal
	fSKU
	fQty
	fUnitPrice
	fCurrency
	fPromisedDays
	fPromiseDate
	fStatus
	fLineTotal
	fItemStatus
	fShippedDate
	fCancelledDate
	fRequiresShipping
	fItemID
	numFields
)

var fieldNames = [numFields]string{
	"order_ref", "marketplace", "order_date", "country", "postal_code", "sku", "qty",
	"unit_price", "currency", "promised_days", "promise_date", "status", "line_total",
	"item_status", "shipped_date", "cancelled_date", "requires_shipping", "item_id",
}

// OrderFields lists the field names --map and --set accept: the generic columns of
// SPEC §7 first, then promise_date (promised_days = promise date − order date),
// status (order status: open, shipped/fulfilled, cancelled), line_total (price of the
// whole line), item_status (status of one line), shipped_date and cancelled_date
// (non-empty means shipped / cancelled), requires_shipping (false drops the line) and
// item_id (a marketplace listing id; an eBay row without one is a summary row).
func OrderFields() []string { return slices.Clone(fieldNames[:]) }

func parseField(s string) (field, bool) {
	l := strings.ToLower(strings.TrimSpace(s))
	for i, n := range fieldNames {
		if n == l {
			return field(i), true
		}
	}
	return 0, false
}

// preset is how one marketplace's export names the fields.
type preset struct {
	format      Format
	marketplace string              // constant marketplace of every order
	headers     [numFields][]string // candidate headers, lower case; the first present wins
	required    []field             // fields that need a column (or --set)
	dateOrder   DateOrder           // day/month order when no value decides it
	summaryRows bool                // multi-item orders have a summary row without item
	rawTSV      bool                // tab-separated without CSV quoting
}

func presetFor(f Format) preset {
	p := preset{format: f}
	h := func(fl field, names ...string) { p.headers[fl] = names }
	switch f {
	case Amazon, AmazonUnshipped:
		p.marketplace, p.dateOrder, p.rawTSV = "amazon", MonthDay, true
		h(fRef, "order-id")
		h(fDate, "purchase-date")
		h(fCountry, "ship-country")
		h(fPostal, "ship-postal-code")
		h(fSKU, "sku")
		h(fStatus, "order-status")
		h(fItemStatus, "item-status")
		if f == Amazon {
			h(fQty, "quantity-purchased")
			h(fLineTotal, "item-price")
			h(fCurrency, "currency")
		} else {
			// The open part of the line: quantity-purchased minus what already left.
			h(fQty, "quantity-to-ship", "quantity-purchased")
			h(fPromiseDate, "promise-date")
		}
		p.required = []field{fRef, fDate, fCountry, fSKU, fQty}
	case Ebay:
		p.marketplace, p.dateOrder, p.summaryRows = "ebay", MonthDay, true
		h(fRef, "order number")
		h(fDate, "sale date")
		h(fCountry, "ship to country")
		h(fPostal, "ship to zip")
		h(fSKU, "custom label")
		h(fQty, "quantity")
		h(fUnitPrice, "sold for")
		h(fShippedDate, "shipped on date")
		h(fItemID, "item number")
		p.required = []field{fRef, fDate, fCountry, fSKU, fQty}
	case Shopify:
		p.marketplace, p.dateOrder = "shopify", MonthDay
		h(fRef, "name")
		h(fDate, "created at")
		h(fCountry, "shipping country")
		h(fPostal, "shipping zip")
		h(fSKU, "lineitem sku")
		h(fQty, "lineitem quantity")
		h(fUnitPrice, "lineitem price")
		h(fCurrency, "currency")
		h(fStatus, "fulfillment status")
		h(fItemStatus, "lineitem fulfillment status")
		h(fCancelledDate, "cancelled at")
		h(fRequiresShipping, "lineitem requires shipping")
		p.required = []field{fRef, fDate, fCountry, fSKU, fQty}
	default:
		p.format, p.dateOrder = Generic, DayMonth
		for i, n := range fieldNames {
			h(field(i), n)
		}
		p.required = []field{fRef, fMarketplace, fDate, fCountry, fSKU, fQty}
	}
	return p
}

// detectFormat tells the layout from the header names.
func detectFormat(idx map[string]int) Format {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := idx[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("order-id", "purchase-date"):
		if has("quantity-to-ship") || has("promise-date") && !has("item-price") {
			return AmazonUnshipped
		}
		return Amazon
	case has("order number", "sale date"):
		return Ebay
	case has("name", "lineitem quantity"):
		return Shopify
	}
	return Generic
}

// binding says where each field of a row comes from: a column, a constant or nowhere.
type binding struct {
	col     [numFields]int    // column index; -1 when the file has none
	cnst    [numFields]string // --set value (or the preset's constant)
	isConst [numFields]bool
	name    [numFields]string // header (or field name) for messages
}

// bind matches a preset and the user's --map and --set against a header.
func bind(p preset, header []string, opt OrderOptions) (binding, error) {
	var b binding
	idx := headerIndex(header)
	for f := range numFields {
		b.col[f] = -1
		b.name[f] = fieldNames[f]
		for _, h := range p.headers[f] {
			if i, ok := idx[h]; ok {
				b.col[f], b.name[f] = i, header[i]
				break
			}
		}
	}
	if p.marketplace != "" {
		b.cnst[fMarketplace], b.isConst[fMarketplace] = p.marketplace, true
	}
	for _, k := range slices.Sorted(maps.Keys(opt.Map)) {
		f, ok := parseField(k)
		if !ok {
			return b, fmt.Errorf("--map %s=%s: unknown field %q (want one of %s): %w", k, opt.Map[k], k, strings.Join(fieldNames[:], ", "), ErrOption)
		}
		i, ok := idx[strings.ToLower(strings.TrimSpace(opt.Map[k]))]
		if !ok {
			return b, &ColumnError{File: opt.Name, Column: opt.Map[k], Reason: fmt.Sprintf("--map %s=%s: the file has no such column", k, opt.Map[k])}
		}
		b.col[f], b.name[f], b.isConst[f] = i, header[i], false
	}
	for _, k := range slices.Sorted(maps.Keys(opt.Set)) {
		f, ok := parseField(k)
		if !ok {
			return b, fmt.Errorf("--set %s=%s: unknown field %q (want one of %s): %w", k, opt.Set[k], k, strings.Join(fieldNames[:], ", "), ErrOption)
		}
		v := strings.TrimSpace(opt.Set[k])
		if err := checkConst(f, v); err != nil {
			return b, fmt.Errorf("--set %s=%s: %v: %w", k, opt.Set[k], err, ErrOption)
		}
		b.cnst[f], b.isConst[f], b.col[f], b.name[f] = v, true, -1, fieldNames[f]
	}
	for _, f := range p.required {
		if b.col[f] < 0 && !b.isConst[f] {
			col := fieldNames[f]
			if len(p.headers[f]) > 0 && p.format != Generic {
				col = p.headers[f][0]
			}
			return b, &ColumnError{File: opt.Name, Column: col,
				Reason: fmt.Sprintf("missing required column for %s (name a header with --map %s=HEADER or a value with --set %s=VALUE)", fieldNames[f], fieldNames[f], fieldNames[f])}
		}
	}
	return b, nil
}

// checkConst validates a --set value with the same rules as a cell.
func checkConst(f field, v string) error {
	var err error
	switch f {
	case fRef, fMarketplace:
		if v == "" {
			err = fmt.Errorf("empty")
		}
	case fDate, fPromiseDate:
		_, err = scanDate(v)
	case fCountry:
		if _, ok := CountryCode(v); !ok {
			err = fmt.Errorf("unknown country")
		}
	case fCurrency:
		_, err = currencyCode(v)
	case fQty, fPromisedDays:
		_, err = parseCount(v)
	case fUnitPrice, fLineTotal:
		_, _, err = parseMoney(v, false)
	case fStatus, fItemStatus:
		_, err = parseStatus(v)
	case fRequiresShipping:
		_, err = parseBool(v)
	}
	return err
}
