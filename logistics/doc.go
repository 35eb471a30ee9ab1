// Package logistics is Shipmode's domain core: the four logistics modes, the rate
// book, exact money and decimal arithmetic, chargeable weight, the pricing of every
// option an order has, the choice between them with its explanation, and the
// planning rounds that batch consolidation parcels and consume warehouse stock
// (SPEC §3–§5), and the reconciliation of carrier invoices against the plan — FX
// at the invoice date, tolerance, re-rating at the billed weight, findings and
// calibration (SPEC §8), and the scenarios of stocking SKUs abroad with the ranking
// of their suggestions (SPEC §9). It is pure Go: it knows no database, no spreadsheet and no widget.
package logistics
