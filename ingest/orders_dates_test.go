package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// onlineRetail is the header of the UCI "Online Retail" export, a real file whose
// dates are written by US Excel (M/D/YY H:MM) for a UK shop, and its mapping.
const onlineRetail = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"

var onlineRetailOptions = OrderOptions{
	Map: map[string]string{"order_ref": "InvoiceNo", "sku": "StockCode", "qty": "Quantity", "order_date": "InvoiceDate",
		"unit_price": "UnitPrice", "country": "Country"},
	Set: map[string]string{"marketplace": "online-retail", "currency": "GBP"},
}

// How the day/month order of a file's dates is decided, and what the result says.
func TestOrdersDateBasis(t *testing.T) {
	with := func(o DateOrder) OrderOptions {
		opt := onlineRetailOptions
		opt.DateOrder = o
		return opt
	}
	tests := []struct {
		name  string
		text  string
		opt   OrderOptions
		dates []string
		order DateOrder
		basis DateBasis
		key   string // of DateWhy
		note  string // in DateNote
	}{
		{
			// Only values that could be read both ways, the month written without a
			// leading zero: the way US exports write M/D/YY, never a day-first one.
			name: "Online Retail: 12/1/10 8:26 is the first of December",
			text: onlineRetail +
				"536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/10 8:26,2.55,17850,United Kingdom\n" +
				"536365,71053,WHITE METAL LANTERN,6,12/1/10 8:26,3.39,17850,United Kingdom\n" +
				"536366,22633,HAND WARMER UNION JACK,6,12/1/10 8:28,1.85,17850,United Kingdom\n",
			opt:   onlineRetailOptions,
			dates: []string{"2010-12-01", "2010-12-01"},
			order: MonthDay, basis: DateByStyle, key: "date.byStyle", note: `"12/1/10 8:26" on line 2`,
		},
		{
			name: "the option decides against the style",
			text: onlineRetail + "536365,85123A,HEART,6,12/1/10 8:26,2.55,17850,United Kingdom\n",
			opt:  with(DayMonth), dates: []string{"2010-01-12"},
			order: DayMonth, basis: DateByOption, key: "date.requested", note: "day/month, as requested",
		},
		{
			name: "a value decides before the style",
			text: onlineRetail + "1,A,x,1,1/2/10 8:26,1,1,United Kingdom\n2,A,x,1,13/2/10 9:00,1,1,United Kingdom\n",
			opt:  onlineRetailOptions, dates: []string{"2010-02-01", "2010-02-13"},
			order: DayMonth, basis: DateByValue, key: "date.dayMonthByValue", note: `"13/2/10 9:00" on line 3 has a first field above 12`,
		},
		{
			name: "a second field above 12",
			text: onlineRetail + "1,A,x,1,12/1/10 8:26,1,1,United Kingdom\n2,A,x,1,12/13/10 9:00,1,1,United Kingdom\n",
			opt:  onlineRetailOptions, dates: []string{"2010-12-01", "2010-12-13"},
			order: MonthDay, basis: DateByValue, key: "date.monthDayByValue", note: `"12/13/10 9:00" on line 3 has a second field above 12`,
		},
		{
			// Zero-padded, four-digit years: day-first locales and some US tools
			// write them; nothing tells, the generic default is a guess and says so.
			name:  "padded dates: the generic default",
			text:  genericHeader + "A,s,03/04/2026,FR,,X,1,,,\nB,s,05/04/2026,FR,,X,1,,,\n",
			dates: []string{"2026-04-03", "2026-04-05"},
			order: DayMonth, basis: DateByDefault, key: "date.byDefault", note: "no value shows the order, the generic default",
		},
		{
			name: "a ;-separated file is day-first even with one-digit months",
			text: "order_ref;marketplace;order_date;country;sku;qty\nA;s;3/4/26;FR;X;1\n",
			opt:  OrderOptions{Format: Generic}, dates: []string{"2026-04-03"},
			order: DayMonth, basis: DateByDefault, key: "date.semicolonDefault", note: "default for ;-separated files",
		},
		{
			name:  "a marketplace preset's default",
			text:  "Name,Created at,Shipping Country,Lineitem sku,Lineitem quantity\n#1,05/04/2026 10:00,US,X,1\n",
			dates: []string{"2026-05-04"},
			order: MonthDay, basis: DateByDefault, key: "date.byDefault", note: "the shopify default",
		},
		{
			name:  "year first, two-digit years, as requested",
			text:  genericHeader + "A,s,26/05/11,FR,,X,1,,,\nB,s,99/12/31,FR,,X,1,,,\n",
			opt:   OrderOptions{DateOrder: YearMonthDay},
			dates: []string{"2026-05-11", "2099-12-31"},
			order: YearMonthDay, basis: DateByOption, key: "date.requested", note: "year/month/day, as requested",
		},
		{
			name:  "ISO dates need no decision",
			text:  genericHeader + "A,s,2026-05-11,FR,,X,1,,,\n",
			dates: []string{"2026-05-11"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importCSV(t, tt.text, tt.opt)
			var dates []string
			for _, o := range res.Orders {
				dates = append(dates, o.Order.Date.String())
			}
			if !slices.Equal(dates, tt.dates) {
				t.Errorf("dates: got %v, want %v (rejected %v)", dates, tt.dates, res.Rejected)
			}
			if res.DateOrder != tt.order || res.DateBasis != tt.basis || res.DateWhy.Key != tt.key {
				t.Errorf("got %v by %v (%s), want %v by %v (%s)", res.DateOrder, res.DateBasis, res.DateWhy.Key, tt.order, tt.basis, tt.key)
			}
			if !strings.Contains(res.DateNote, tt.note) || res.DateNote != res.DateWhy.String() {
				t.Errorf("note: got %q (sentence %q), want one with %q", res.DateNote, res.DateWhy.String(), tt.note)
			}
			if tt.basis != 0 && !strings.Contains(res.Summary(), res.DateNote) {
				t.Errorf("summary %q does not say %q", res.Summary(), res.DateNote)
			}
		})
	}
}

func TestDateOrderNames(t *testing.T) {
	tests := []struct {
		in   string
		want DateOrder
	}{
		{"", 0}, {"auto", 0}, {"AUTO", 0},
		{"dmy", DayMonth}, {"d/m", DayMonth}, {"day/month", DayMonth}, {"DD/MM/YYYY", DayMonth},
		{"mdy", MonthDay}, {"m/d", MonthDay}, {"month/day", MonthDay}, {"M/D/YY", MonthDay},
		{"ymd", YearMonthDay}, {"y/m/d", YearMonthDay}, {"year/month/day", YearMonthDay}, {"YY/MM/DD", YearMonthDay},
	}
	for _, tt := range tests {
		got, err := ParseDateOrder(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDateOrder(%q): got %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
	for _, o := range []DateOrder{0, DayMonth, MonthDay, YearMonthDay} {
		if back, err := ParseDateOrder(o.String()); err != nil || back != o {
			t.Errorf("%v (%q) reads back as %v, %v", o, o.String(), back, err)
		}
	}
	if _, err := ParseDateOrder("ydm"); !errors.Is(err, ErrOption) {
		t.Errorf("ParseDateOrder(ydm): got %v, want ErrOption", err)
	}
	for _, b := range []DateBasis{DateByValue, DateByOption, DateByStyle, DateByDefault} {
		if b.String() == "" {
			t.Errorf("DateBasis(%d) has no name", b)
		}
	}
}
