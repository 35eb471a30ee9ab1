package logistics

import "strconv"

// problemID indexes problemPhrases.
type problemID uint8

// The shapes of the problems Validate finds, by index into problemPhrases.
const (
	pbMissingCountry problemID = iota
	pbBadCountry
	pbMissingCurrency
	pbBadCurrency
	pbNoFX
	pbMissingColumn
	pbSpaces
	pbDuplicateID
	pbNegative
	pbUnknownService
	pbNotDelivery
	pbNotPositive
	pbBaseRate
	pbDuplicateFX
	pbDuplicateFXStart
	pbServiceMode
	pbIncrement
	pbTransitOrder
	pbCategorySpaces
	pbMissingZone
	pbDuplicateZone
	pbZoneNotInZones
	pbToNotAboveFrom
	pbUnboundedNotLast
	pbBandOverlap
	pbBandGap
	pbBand
	pbBandUnbounded
	pbSurchargeKind
	pbDateOrder
	pbWarehouseKind
	pbServesEntry
	pbServesPrefix
	pbNoWeekday
	pbBadWeekday
	pbAllocation
	pbNoZeroTier
	pbUnknownLane
	pbDuplicateTier
	pbDuplicateDuties
	pbDuplicateDutiesStart
	pbValuation
	pbMissingCategory
	pbDuplicateRule
	pbUnknownMode
	pbUnknownWarehouse
	pbUnknownSKU
	pbDuplicateStock
	pbTooLarge

	numProblemPhrases
)

// problemPhrases is the catalog of validation: every shape of problem Validate
// writes into Problem.Reason. A placeholder appears once in a phrase; a quoted value
// ({value} of `country "cn"`) holds its quotes.
var problemPhrases = [numProblemPhrases]Phrase{
	pbMissingCountry:       {"problem.missingCountry", "missing country"},
	pbBadCountry:           {"problem.badCountry", "country {value} is not two upper-case letters (ISO 3166-1 alpha-2)"},
	pbMissingCurrency:      {"problem.missingCurrency", "missing currency"},
	pbBadCurrency:          {"problem.badCurrency", "{value} is not an ISO 4217 currency code"},
	pbNoFX:                 {"problem.noFX", "no fx row for currency {currency} (base currency {base})"},
	pbMissingColumn:        {"problem.missingColumn", "missing {column}"},
	pbSpaces:               {"problem.spaces", "{column} {value} has leading or trailing spaces"},
	pbDuplicateID:          {"problem.duplicateID", "duplicate {column} {value}"},
	pbNegative:             {"problem.negative", "must not be negative, got {value}"},
	pbUnknownService:       {"problem.unknownService", "unknown service {id}"},
	pbNotDelivery:          {"problem.notDelivery", "service {id} has mode {mode}; a delivery service must be last_mile or local"},
	pbNotPositive:          {"problem.notPositive", "must be above 0, got {value}"},
	pbBaseRate:             {"problem.baseRate", "the base currency {currency} has the rate 1, got {value}"},
	pbDuplicateFX:          {"problem.duplicateFX", "duplicate fx row for {currency} valid from {date}"},
	pbDuplicateFXStart:     {"problem.duplicateFXStart", "duplicate fx row for {currency} valid from the start"},
	pbServiceMode:          {"problem.serviceMode", "missing or unknown mode (want direct, last_mile or local)"},
	pbIncrement:            {"problem.increment", "must be at least 1 g, got {value}"},
	pbTransitOrder:         {"problem.transitOrder", "transit_max_days {max} is below transit_min_days {min}"},
	pbCategorySpaces:       {"problem.categorySpaces", "category {value} is empty or has spaces around it"},
	pbMissingZone:          {"problem.missingZone", "missing zone"},
	pbDuplicateZone:        {"problem.duplicateZone", "duplicate zone of {service} for {where}"},
	pbZoneNotInZones:       {"problem.zoneNotInZones", "zone {zone} of {service} has no row in zones"},
	pbToNotAboveFrom:       {"problem.toNotAboveFrom", "to_g {to} must be above from_g {from}"},
	pbUnboundedNotLast:     {"problem.unboundedNotLast", "the unbounded band {band} of {service} zone {zone} must be the last, but {next} starts above it"},
	pbBandOverlap:          {"problem.bandOverlap", "band {band} of {service} zone {zone} overlaps band {other}"},
	pbBandGap:              {"problem.bandGap", "band {band} of {service} zone {zone} leaves a gap after band {other} (from_g must be {from})"},
	pbBand:                 {"problem.band", "({from}, {to} g]"},
	pbBandUnbounded:        {"problem.bandUnbounded", "({from} g, unbounded)"},
	pbSurchargeKind:        {"problem.surchargeKind", "missing or unknown kind (want remote, oversize or peak)"},
	pbDateOrder:            {"problem.dateOrder", "to_date {to} is before from_date {from}"},
	pbWarehouseKind:        {"problem.warehouseKind", "missing or unknown kind (want overseas or forward)"},
	pbServesEntry:          {"problem.servesEntry", "entry {value} must be a country (FR) or country:prefix (FR:75)"},
	pbServesPrefix:         {"problem.servesPrefix", "entry {value} needs a postal prefix in upper case without spaces after the colon"},
	pbNoWeekday:            {"problem.noWeekday", "no departure weekday (e.g. Tue,Fri)"},
	pbBadWeekday:           {"problem.badWeekday", "invalid weekday {value}"},
	pbAllocation:           {"problem.allocation", "missing or unknown allocation (want chargeable, volume or value)"},
	pbNoZeroTier:           {"problem.noZeroTier", "lane {lane} has no linehaul_tiers row with from_kg 0"},
	pbUnknownLane:          {"problem.unknownLane", "unknown lane {lane}"},
	pbDuplicateTier:        {"problem.duplicateTier", "duplicate tier of {lane} from {kg} kg"},
	pbDuplicateDuties:      {"problem.duplicateDuties", "duplicate duties row for {country} valid from {date}"},
	pbDuplicateDutiesStart: {"problem.duplicateDutiesStart", "duplicate duties row for {country} valid from the start"},
	pbValuation:            {"problem.valuation", "missing or unknown valuation (want CIF or FOB)"},
	pbMissingCategory:      {"problem.missingCategory", "missing category"},
	pbDuplicateRule:        {"problem.duplicateRule", "duplicate rule for {category} in {country}"},
	pbUnknownMode:          {"problem.unknownMode", "unknown mode {value} (want warehouse, local, consolidation or direct)"},
	pbUnknownWarehouse:     {"problem.unknownWarehouse", "unknown warehouse {id}"},
	pbUnknownSKU:           {"problem.unknownSKU", "unknown sku {sku}"},
	pbDuplicateStock:       {"problem.duplicateStock", "duplicate stock of {sku} in {warehouse}"},
	pbTooLarge:             {"problem.tooLarge", "must be at most {max}, got {value}"},
}

// ValidationPhrases returns the catalog of every shape of problem Validate writes
// (Problem.Reason, said again by Problem.Why).
func ValidationPhrases() []Phrase { return append([]Phrase(nil), problemPhrases[:]...) }

// The values of the placeholders of a validation phrase: the text as the English
// writes it, or a nested sentence (a band, Arg{Inner: …}).
func pText(s string) Arg                     { return Arg{Text: s} }
func pQuote(s string) Arg                    { return Arg{Text: strconv.Quote(s)} }
func pInt[N ~int | ~int64 | ~uint8](n N) Arg { return Arg{Text: strconv.FormatInt(int64(n), 10)} }
func pDec(d Dec) Arg                         { return Arg{Text: d.String()} }
func pDate(d Date) Arg                       { return Arg{Text: d.String()} }

// problemOf is validation phrase p with the values of its placeholders, in order.
func problemOf(p problemID, vals ...Arg) Sentence { return problemPhrases[p].Say(vals...) }
