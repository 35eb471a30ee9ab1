package ingest

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"
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
		if i, ok := nameIndex(formatNames[1:], l); ok {
			return Format(i + 1), nil
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
	fItemName
	fTracking
	numFields
)

var fieldNames = [numFields]string{
	"order_ref", "marketplace", "order_date", "country", "postal_code", "sku", "qty",
	"unit_price", "currency", "promised_days", "promise_date", "status", "line_total",
	"item_status", "shipped_date", "cancelled_date", "requires_shipping", "item_id",
	"item_name", "tracking",
}

// OrderFields lists the field names --map and --set accept: the generic columns of
// SPEC §7 first, then promise_date (promised_days = promise date − order date),
// status (order status: open, shipped/fulfilled, cancelled), line_total (price of the
// whole line), item_status (status of one line), shipped_date and cancelled_date
// (non-empty means shipped / cancelled), requires_shipping (false drops the line),
// item_id (a marketplace listing id; an eBay row without one is a summary row) and
// item_name (the product's name: the product key of a line whose sku is empty, see
// NamePrefix) and tracking (the carrier's tracking number, which carrier invoices
// are matched by, SPEC §8).
func OrderFields() []string { return slices.Clone(fieldNames[:]) }

func parseField(s string) (field, bool) {
	i, ok := nameIndex(fieldNames[:], s)
	return field(i), ok
}

// nameIndex is the index of the name s (any case, spaces around) in names.
func nameIndex(names []string, s string) (int, bool) {
	i := slices.Index(names, strings.ToLower(strings.TrimSpace(s)))
	return max(i, 0), i >= 0
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
		h(fTracking, "tracking number")
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
		h(fItemName, "lineitem name") // the key of a line whose Lineitem sku is empty
		h(fCurrency, "currency")
		h(fStatus, "fulfillment status")
		h(fItemStatus, "lineitem fulfillment status")
		h(fCancelledDate, "cancelled at")
		h(fRequiresShipping, "lineitem requires shipping")
		p.required = []field{fRef, fDate, fCountry, fSKU, fQty}
	default:
		p.format, p.dateOrder = Generic, DayMonth
		for i, n := range fieldNames {
			h(field(i), append([]string{n}, genericAliases[i]...)...)
		}
		p.required = []field{fRef, fMarketplace, fDate, fCountry, fSKU, fQty}
	}
	return p
}

// genericAliases are the other headers a seller's own export or spreadsheet gives
// a generic field, in English and Chinese, tried after the field's own name; a
// header matches ignoring case, spaces, '_', '-', '.' and '#' ("Order No." is
// "order no"). Guesses only: --map (or the window's mapping) overrides them.
var genericAliases = [numFields][]string{
	fRef:          {"order id", "order no", "order number", "order reference", "order", "订单号", "订单编号", "订单id"},
	fMarketplace:  {"channel", "sales channel", "platform", "store", "shop", "平台", "渠道", "店铺"},
	fDate:         {"order date", "date", "purchase date", "created", "created at", "下单时间", "下单日期", "订单日期", "日期"},
	fCountry:      {"country code", "ship country", "ship to country", "destination country", "destination", "收件国家", "目的国", "国家"},
	fPostal:       {"postal code", "postcode", "post code", "zip", "zip code", "ship postal code", "邮编", "邮政编码"},
	fSKU:          {"seller sku", "item sku", "product sku", "sku编码", "商品编码", "货号"},
	fQty:          {"quantity", "qty", "units", "数量", "件数"},
	fUnitPrice:    {"unit price", "price", "item price", "单价", "价格"},
	fCurrency:     {"currency code", "curr", "ccy", "币种", "货币"},
	fPromisedDays: {"promise days", "promise", "delivery days", "承诺天数", "时效"},
	fPromiseDate:  {"promise by", "deliver by", "承诺送达日期"},
	fStatus:       {"order status", "订单状态"},
	fItemName:     {"item name", "product name", "title", "商品名称", "品名"},
	fTracking:     {"tracking number", "tracking no", "tracking id", "waybill", "waybill number", "awb", "运单号", "快递单号", "物流单号", "跟踪号"},
}

// squash is a header as aliases match it: lower case, without spaces, '_', '-',
// '.' and '#'.
func squash(h string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '.', '#', '\t':
			return -1
		}
		return unicode.ToLower(r)
	}, h)
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

// chooseFormat is the requested format, or the one the header shows; "amazon" with an
// Unshipped Orders header is that report.
func chooseFormat(f Format, header []string) (Format, error) {
	if int(f) >= len(formatNames) {
		return 0, fmt.Errorf("format %v: %w", f, ErrOption)
	}
	if detected := detectFormat(headerIndex(header)); f == 0 || f == Amazon && detected == AmazonUnshipped {
		f = detected
	}
	return f, nil
}

// binding says where each field of a row comes from: a column, a constant or nowhere.
type binding struct {
	col     [numFields]int    // column index; -1 when the file has none
	cnst    [numFields]string // --set value (or the preset's constant)
	isConst [numFields]bool
	name    [numFields]string // header (or field name) for messages
}

// bind matches a preset and the user's --map and --set against a header. It returns
// the required fields that have neither a column nor a constant. A --map may also be
// written the other way round, Header=field, as SPEC §7's usage line shows it.
func bind(p preset, header []string, opt OrderOptions) (binding, []field, error) {
	var b binding
	idx := headerIndex(header)
	var squashed map[string]int // the generic guesses: headers by squash
	if p.format == Generic {
		squashed = make(map[string]int, len(header))
		for i := len(header) - 1; i >= 0; i-- { // (the first of equal ones wins)
			if k := squash(header[i]); k != "" {
				squashed[k] = i
			}
		}
	}
	taken := map[int]bool{} // a column guessed for one field is not guessed for another
	for f := range numFields {
		b.col[f] = -1
		b.name[f] = fieldNames[f]
		for _, h := range p.headers[f] {
			i, ok := idx[h]
			if !ok && squashed != nil {
				i, ok = squashed[squash(h)]
			}
			if ok && !taken[i] {
				b.col[f], b.name[f] = i, header[i]
				taken[i] = true
				break
			}
		}
	}
	if p.marketplace != "" {
		b.cnst[fMarketplace], b.isConst[fMarketplace] = p.marketplace, true
	}
	for _, k := range slices.Sorted(maps.Keys(opt.Map)) {
		name, h := k, opt.Map[k]
		f, ok := parseField(name)
		if !ok {
			if f, ok = parseField(h); ok {
				name, h = h, k
			}
		}
		if !ok {
			return b, nil, fmt.Errorf("--map %s=%s: unknown field %q (want one of %s): %w", k, opt.Map[k], k, strings.Join(fieldNames[:], ", "), ErrOption)
		}
		i, ok := idx[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			return b, nil, columnError(opt.Name, h, rsMapNoColumn, name, h)
		}
		b.col[f], b.name[f], b.isConst[f] = i, header[i], false
	}
	for _, k := range slices.Sorted(maps.Keys(opt.Set)) {
		f, ok := parseField(k)
		if !ok {
			return b, nil, fmt.Errorf("--set %s=%s: unknown field %q (want one of %s): %w", k, opt.Set[k], k, strings.Join(fieldNames[:], ", "), ErrOption)
		}
		v := strings.TrimSpace(opt.Set[k])
		if err := checkConst(f, v); err != nil {
			why := whyOf(err)
			return b, nil, &OptionError{Field: k, Value: opt.Set[k], Reason: why.String(), Why: why}
		}
		b.cnst[f], b.isConst[f], b.col[f], b.name[f] = v, true, -1, fieldNames[f]
	}
	var missing []field
	for _, f := range p.required {
		if b.col[f] < 0 && !b.isConst[f] {
			missing = append(missing, f)
		}
	}
	return b, missing, nil
}

// missingColumn is the error for a required field without a column, named by the
// preset's header for it.
func missingColumn(p preset, f field, file string) error {
	col := fieldNames[f]
	if len(p.headers[f]) > 0 && p.format != Generic {
		col = p.headers[f][0]
	}
	return columnError(file, col, rsMissingField, fieldNames[f])
}

// OrderPreview is what a column-mapping step shows before an import: the layout
// found, the header, the first rows, where each field would be read from and which
// required fields still need a column.
type OrderPreview struct {
	Format  Format
	Header  []string
	Rows    [][]string
	Lines   []int
	Fields  map[string]string // field → header it is read from, or "=value" for a --set
	Missing []string          // required fields with neither a column nor a value
}

// PreviewOrders reads the header and up to n rows of an order file and binds the
// fields as Orders would with the same options; a missing required column is listed
// in Missing instead of being an error.
func PreviewOrders(r io.Reader, opt OrderOptions, n int) (*OrderPreview, error) {
	t, err := openTable(r, opt.Name)
	if err != nil {
		return nil, err
	}
	defer t.close()
	f, err := chooseFormat(opt.Format, t.header)
	if err != nil {
		return nil, err
	}
	p := presetFor(f)
	b, missing, err := bind(p, t.header, opt)
	if err != nil {
		return nil, err
	}
	pv := &OrderPreview{Format: f, Header: t.header, Fields: map[string]string{}}
	for fl := range numFields {
		switch {
		case b.isConst[fl]:
			pv.Fields[fieldNames[fl]] = "=" + b.cnst[fl]
		case b.col[fl] >= 0:
			pv.Fields[fieldNames[fl]] = t.header[b.col[fl]]
		}
	}
	for _, fl := range missing {
		pv.Missing = append(pv.Missing, fieldNames[fl])
	}
	if err := t.body(p.rawTSV); err != nil {
		return nil, err
	}
	if pv.Rows, pv.Lines, err = t.firstRows(n); err != nil {
		return nil, err
	}
	return pv, nil
}

// checkConst validates a --set value with the same rules as a cell.
func checkConst(f field, v string) error {
	var err error
	switch f {
	case fRef, fMarketplace:
		if v == "" {
			err = fault(rsEmptyValue)
		}
	case fDate, fPromiseDate:
		_, err = scanDate(v)
	case fCountry:
		if _, ok := CountryCode(v); !ok {
			err = fault(rsUnknownCountryValue)
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
