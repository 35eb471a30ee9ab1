package logistics

// Order is a customer order to ship from the origin to a consumer abroad.
type Order struct {
	Ref          string // order reference, unique within its marketplace
	Marketplace  string
	Date         Date
	Country      string // ISO 3166-1 alpha-2 destination
	PostalCode   string // as given; the engine normalises it
	Currency     string // currency of the unit prices
	PromisedDays int    // delivery promise in days; 0 = no promise
	Lines        []Line
	Parcel       *Parcel // the order's own parcel, if known
}

// Line is one order line: Qty units of a SKU at UnitPrice (order currency).
type Line struct {
	SKU       string
	Qty       int64
	UnitPrice Dec
}

// Parcel is an order's own parcel. WeightG, when not 0, replaces the computed
// actual weight entirely (packaging included).
type Parcel struct {
	LengthMM, WidthMM, HeightMM int64
	WeightG                     int64
}

// Status is where an order is in its life.
type Status uint8

const (
	Open      Status = iota + 1 // waiting to be planned and shipped
	Shipped                     // left the origin or warehouse; mode and cost are final
	Cancelled                   // cancelled by the buyer or the marketplace
)

var statusNames = [...]string{"", "open", "shipped", "cancelled"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// ParseStatus reads "open", "shipped" or "cancelled".
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if i > 0 && n == s {
			return Status(i), nil
		}
	}
	return 0, &statusError{s}
}

type statusError struct{ s string }

func (e *statusError) Error() string { return "unknown status " + `"` + e.s + `"` }
