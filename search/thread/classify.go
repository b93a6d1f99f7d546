package thread

import (
	"regexp"
	"strings"

	"panelpapers/search"
)

// decisionStatus is what a decision says of the recommendation it adopts:
// turned down, adopted with changes, or adopted (noting a report is
// adopting its recommendation to note it).
func decisionStatus(text string) string {
	switch {
	case rejectedRe.MatchString(text):
		return search.StatusRejected
	case amendedRe.MatchString(text):
		return search.StatusAmended
	case deferredRe.MatchString(text):
		return search.StatusProposed
	}
	return search.StatusAgreed
}

var (
	rejectedRe = regexp.MustCompile(`(?i)\b(?:not\s+(?:be\s+)?(?:agreed|approved|accepted|supported|adopted)|rejected|refused|declined|was\s+lost|were\s+lost|(?:motion|amendment|recommendation)s?\s+(?:was|were)\s+(?:lost|defeated))\b`)
	amendedRe  = regexp.MustCompile(`(?i)\b(?:as\s+amended|subject\s+to\s+(?:the\s+)?(?:amendment|change|addition|deletion|following)|with\s+the\s+(?:following\s+)?(?:amendments?|additions?|deletions?|changes?)|amended\s+(?:to|so\s+that)\b|be\s+amended\b|(?:with|agreed\s+to)\s+the\s+following\s+amendment)`)
	deferredRe = regexp.MustCompile(`(?i)\b(?:deferred|be\s+deferred|was\s+deferred|withdrawn)\b`)
)

// responseStatus is what a response to a recommendation (a tracker's
// progress column, an action log's status, a later paper) says of it. A
// status column's word decides; in a free-text response, work still
// promised ("an update can be given in June", "is currently being
// developed") outweighs work reported done.
func responseStatus(text string) string {
	t := strings.TrimSpace(text)
	switch {
	case t == "":
		return ""
	case notAcceptedRe.MatchString(t):
		return search.StatusRejected
	case doneStart.MatchString(t):
		return search.StatusDone
	case progressRe.MatchString(t):
		return search.StatusInProgress
	case doneRe.MatchString(t):
		return search.StatusDone
	case acceptedRe.MatchString(t):
		return search.StatusAgreed
	}
	return search.StatusInProgress
}

var (
	notAcceptedRe = regexp.MustCompile(`(?i)\b(?:not\s+(?:been\s+)?(?:accepted|agreed|supported|taken\s+forward|possible)|rejected|declined|will\s+not\s+be\s+(?:taken|implemented|pursued)|no\s+power\b|no\s+authority\s+to\b)|\b(?:decision|matter)\s+for\s+[^.;]{1,60}?\bnot\s+(?:for\s+)?(?:the\s+)?(?:pcc|commissioner|council|cabinet|panel|force|board)\b`)
	doneStart     = regexp.MustCompile(`(?i)^(?:completed?|done|closed|implemented|actioned|achieved|delivered)\b`)
	doneRe        = regexp.MustCompile(`(?i)\b(?:has|have)\s+(?:now\s+)?been\s+(?:completed|implemented|actioned|delivered|achieved|published|appointed|set\s+up|established|introduced|held|circulated|sent|made|awarded)\b|\b(?:was|were)\s+(?:completed|held|implemented|delivered|published|introduced|awarded|appointed|set\s+up)\b|\btook\s+place\b|\bare\s+now\b|\bstatus\s*:?\s*(?:complete|completed|closed|done)\b`)
	acceptedRe    = regexp.MustCompile(`(?i)^(?:accepted|agreed|supported)\b|\b(?:has|have)\s+been\s+(?:accepted|agreed)\b`)
	progressRe    = regexp.MustCompile(`(?i)\b(?:in\s+progress|ongoing|on-going|under\s*way|currently|being\s+(?:developed|prepared|considered|reviewed|evaluated|recruited)|will\s+\w+|planned|to\s+be\s+(?:held|published|developed|considered)|awaiting|pending|considering|proposed|deferred|update\s+(?:can|will)\s+be|due\s+(?:in|by)|subject\s+to)\b`)
)

// adoptsReport reports a decision that adopts a report's recommendations
// wholesale rather than restating them: "RESOLVED that the recommendations
// in the report be agreed", "that the report be noted", "Cabinet agreed the
// proposed decision".
var adoptsReport = regexp.MustCompile(`(?i)\b(?:recommendations?|proposals?|proposed\s+decision)\b[^.;]{0,80}?\b(?:be|were|are|was|is)\s+(?:\w+\s+)?(?:agreed|approved|adopted|endorsed|accepted|supported|noted|rejected|refused|deferred)\b|\b(?:agree[ds]?|approve[ds]?|adopt(?:s|ed)?|endorse[ds]?|accept(?:s|ed)?|reject(?:s|ed)?)\s+(?:to\s+)?(?:all\s+)?(?:the\s+)?(?:recommendations?|proposed\s+decision|proposals)\b|\bthe\s+report\s+(?:be|was|is)\s+(?:\w+\s+)?(?:agreed|noted|approved|endorsed|accepted)\b|\b(?:note[ds]?|agree[ds]?|approve[ds]?)\s+the\s+report\b`)
