package logistics

import (
	"slices"
	"strings"
)

// Phrase is one shape of the sentences the engine writes: a stable key and its
// English text, with {name} placeholders. An option's reason (Option.Reason) is a
// Sentence of a phrase, and an explanation (Explanation.Sentences) is a few, so
// that a user interface can say them in another language by their keys, and the
// store can keep a reason as its key and values.
type Phrase struct {
	Key  string // "reason.overWeight"
	Text string // "{id}: {g} g is over its limit of {max} g"
}

// The phrases, by index into catalog.
const (
	rsOverflow = iota
	rsNoSKU
	rsUnknownSKU
	rsForbidden
	rsUnknownService
	rsNoTiers
	rsNoDepartures
	rsNoFX
	rsBatch
	rsStock
	rsNoPostal
	rsPostalNotServed
	rsNotServed
	rsOverWeight
	rsOverSide
	rsCategory
	rsNoRate
	rsViaZone
	rsZone
	rsVia
	rsDuties
	rsFailed
	rsAmountTooLarge
	rsNegativePrice
	rsNegativeCost
	rsNote // a compliance note of the rate book: its own words

	exOverride
	exNoReason
	exCheapest
	exInDays
	exRunnerUpTie
	exRunnerUp
	exSaver
	exFastest
	exUnassignable
	exItem
	exSep
	exNoOverrideOption
	exNoOption
	// The singular of the phrases above that count days: "in 1 day".
	exInDay
	exSaverDay
	exFastestDay

	numPhrases
)

// phrases is the catalog: every shape of sentence the engine writes.
var phrases = [numPhrases]Phrase{
	rsOverflow:        {"reason.overflow", "the order's quantities or amounts are too large to price"},
	rsNoSKU:           {"reason.noSKU", "a line has no SKU: needs product data"},
	rsUnknownSKU:      {"reason.unknownSKU", "unknown SKU {sku}: needs product data"},
	rsForbidden:       {"reason.forbidden", "{category} may not ship by {mode} to {country}"},
	rsUnknownService:  {"reason.unknownService", "{id}: unknown delivery service {svc}"},
	rsNoTiers:         {"reason.noTiers", "{id} has no line-haul tiers"},
	rsNoDepartures:    {"reason.noDepartures", "{id} has no departure days"},
	rsNoFX:            {"reason.noFX", "no FX rate for {cur} on {date}"},
	rsBatch:           {"reason.batch", "{id} departs {date}, batch {kg} kg ({parcels} parcels), tier from {tier} kg"},
	rsStock:           {"reason.stock", "{id} has {have} of {sku}, needs {need}"},
	rsNoPostal:        {"reason.noPostal", "{id} does not serve {country} without a postal code"},
	rsPostalNotServed: {"reason.postalNotServed", "{id} does not serve {country} {postal}"},
	rsNotServed:       {"reason.notServed", "{id} does not serve {country}"},
	rsOverWeight:      {"reason.overWeight", "{id}: {g} g is over its limit of {max} g"},
	rsOverSide:        {"reason.overSide", "{id}: the longest side, {mm} mm, is over its limit of {max} mm"},
	rsCategory:        {"reason.category", "{id} does not carry {category}"},
	rsNoRate:          {"reason.noRate", "{id} has no rate for {g} g in zone {zone}"},
	rsViaZone:         {"reason.viaZone", "{id} via {svc} zone {zone}"},
	rsZone:            {"reason.zone", "{id} zone {zone}"},
	rsVia:             {"reason.via", "{id} via {reason}"},
	rsDuties:          {"reason.duties", "duties: {reason}"},
	rsFailed:          {"reason.failed", "{id}: {reason}"},
	rsAmountTooLarge:  {"reason.amountTooLarge", "amount too large"},
	rsNegativePrice:   {"reason.negativePrice", "negative price in the rate book"},
	rsNegativeCost:    {"reason.negativeCost", "negative unit cost"},
	rsNote:            {"reason.note", "{note}"},

	exOverride:         {"explain.override", "kept on {mode} by override ({why}): "},
	exNoReason:         {"explain.noReason", "no reason given"},
	exCheapest:         {"explain.cheapest", "cheapest option within the promise: {mode} {id} at {money}"},
	exInDays:           {"explain.inDays", " in {days} days (promise {promise})"},
	exRunnerUpTie:      {"explain.runnerUpTie", "; the runner-up {mode} {id} costs the same but loses the tie"},
	exRunnerUp:         {"explain.runnerUp", "; the runner-up {mode} {id} costs {more} more"},
	exSaver:            {"explain.saver", "; {mode} {id} would save {save} but takes {days} days"},
	exFastest:          {"explain.fastest", "no option keeps the {promise}-day promise; fastest is {mode} {id} in {days} days at {money}"},
	exUnassignable:     {"explain.unassignable", "unassignable: "},
	exItem:             {"explain.item", "{mode} {id}: {reason}"},
	exSep:              {"explain.separator", "; "},
	exNoOverrideOption: {"explain.noOverrideOption", "no option of the overridden mode reaches this destination"},
	exNoOption:         {"explain.noOption", "no service, warehouse or lane reaches this destination"},
	exInDay:            {"explain.inDay", " in {days} day (promise {promise})"},
	exSaverDay:         {"explain.saverDay", "; {mode} {id} would save {save} but takes {days} day"},
	exFastestDay:       {"explain.fastestDay", "no option keeps the {promise}-day promise; fastest is {mode} {id} in {days} day at {money}"},
}

// dayPhrase is the phrase p (exInDays, exSaver, exFastest) for a count of days:
// its singular for 1.
func dayPhrase(p, days int) int {
	if days != 1 {
		return p
	}
	switch p {
	case exInDays:
		return exInDay
	case exSaver:
		return exSaverDay
	case exFastest:
		return exFastestDay
	}
	return p
}

// Phrases returns the catalog of every shape of sentence the engine writes.
func Phrases() []Phrase { return append([]Phrase(nil), phrases[:]...) }

// template is a phrase's text split at its placeholders: lits[0] names[0] lits[1] …
// names[n-1] lits[n].
type template struct {
	lits  []string
	names []string
}

func splitTemplate(s string) template {
	var t template
	for {
		before, name, after, ok := cutPlaceholder(s)
		t.lits = append(t.lits, before)
		if !ok {
			return t
		}
		t.names = append(t.names, name)
		s = after
	}
}

// cutPlaceholder splits t at its first {name}: the text before, the name, the text
// after; ok is false, and before all of t, when t has none.
func cutPlaceholder(t string) (before, name, after string, ok bool) {
	i := strings.IndexByte(t, '{')
	if i < 0 {
		return t, "", "", false
	}
	j := strings.IndexByte(t[i:], '}')
	if j < 0 {
		return t, "", "", false
	}
	return t[:i], t[i+1 : i+j], t[i+j+1:], true
}

// Placeholders returns the placeholders of p's text, each once, in the order they
// first appear: the names of the Args of a Sentence of p.
func (p *Phrase) Placeholders() []string {
	var names []string
	for t := p.Text; ; {
		_, name, after, ok := cutPlaceholder(t)
		if !ok {
			return names
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		t = after
	}
}

// catalog is the phrases split into templates.
var catalog = compile()

func compile() (c [numPhrases]template) {
	for i, p := range phrases {
		c[i] = splitTemplate(p.Text)
	}
	return c
}

// phraseIndex is the index of each phrase by its key.
var phraseIndex = func() map[string]int {
	m := make(map[string]int, numPhrases)
	for i, p := range phrases {
		m[p.Key] = i
	}
	return m
}()

// PhraseOf returns the phrase of the engine's catalog (Phrases) with key.
func PhraseOf(key string) (Phrase, bool) {
	i, ok := phraseIndex[key]
	if !ok {
		return Phrase{}, false
	}
	return phrases[i], true
}
