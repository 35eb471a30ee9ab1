package ui

import (
	"testing"

	"shipmode/logistics"
)

// TestEveryFindingHasChinese walks reconciliation's catalog: a finding sentence
// added to logistics without its Chinese fails here.
func TestEveryFindingHasChinese(t *testing.T) {
	checkChinese(t, "finding", logistics.FindingPhrases(), zhFindings)
}
