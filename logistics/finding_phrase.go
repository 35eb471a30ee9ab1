package logistics

import "slices"

// findingPhrase indexes findingPhrases.
type findingPhrase uint8

const (
	fsOver findingPhrase = iota
	fsUnder
	fsWeight
	fsWeightNoRerate
	fsDuplicate
	fsService
	fsUnplanned
	fsNotBilled
	numFindingPhrases
)

// findingPhrases is the catalog of the sentences reconciliation writes (Finding.Detail).
var findingPhrases = [numFindingPhrases]Phrase{
	fsOver:           {"finding.over", "invoiced {invoiced} against {planned} planned: {variance} over, more than the tolerance of {tolerance}"},
	fsUnder:          {"finding.under", "invoiced {invoiced} against {planned} planned: {variance} under, more than the tolerance of {tolerance}"},
	fsWeight:         {"finding.weight", "billed at {billed} g, planned at {planned} g: re-rated at that weight the option costs {rerated}; our weights or dimensions account for {data}, the carrier's price for {price}"},
	fsWeightNoRerate: {"finding.weightNoRerate", "billed at {billed} g, planned at {planned} g: {id} cannot be re-rated at that weight ({reason})"},
	fsDuplicate:      {"finding.duplicate", "freight billed on {count} invoices: {invoices}"},
	fsService:        {"finding.service", "billed as {service}, planned by {mode} {id}"},
	fsUnplanned:      {"finding.unplanned", "invoiced {invoiced}, but the order has no chosen option: plan it to compare"},
	fsNotBilled:      {"finding.notBilled", "ordered {date} and shipped, planned at {planned}, but not billed {days} days later (latest invoice {latest})"},
}

// FindingPhrases returns the catalog of the sentences reconciliation writes, so
// that a user interface can say a Finding's Detail in another language by its key.
func FindingPhrases() []Phrase { return slices.Clone(findingPhrases[:]) }

// findingTemplates are the phrases split at their placeholders.
var findingTemplates = func() (t [numFindingPhrases]template) {
	for i, p := range findingPhrases {
		t[i] = splitTemplate(p.Text)
	}
	return t
}()

// findingSentence is phrase p with args, the values of its placeholders in the order
// they first appear.
func findingSentence(p findingPhrase, args ...Arg) Sentence {
	names := uniqueNames(findingTemplates[p].names)
	s := Sentence{Phrase: findingPhrases[p], Args: make([]Arg, len(names))}
	name(s.Args, names, args)
	for i := range s.Args {
		if a := &s.Args[i]; a.Kind == ArgReason && a.Inner != nil {
			a.Text = a.Inner.String()
		}
	}
	return s
}

func uniqueNames(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
