// Package thread follows a recommendation over time: it links each
// recommendation to what later papers say of it, and gives it a status.
//
// The evidence, and how each piece is found:
//
//   - A decision that restates the recommendation ("RESOLVED that Cabinet
//     agree to: a) Note the forecast revenue overspend …" for the report's
//     "a) NOTE the forecast revenue overspend …"): the recommendation's word
//     shingles are mostly inside the decision's.
//   - A decision that adopts a report's recommendations wholesale
//     ("RESOLVED that the recommendations in the report be agreed"): the
//     decision's minute names the report (its title, or its reference such
//     as 24/00108), and every recommendation of that report is linked.
//   - A later recommendation that restates an earlier one: a tracker table
//     or action log in a later pack quotes it, with the response and status
//     beside it. A tracker row's own response is evidence too.
//   - A later paper that quotes it: a progress report, a work programme.
//
// Links are only made forward in time (evidence dated on or after the
// recommendation, except a record of decision drawn up for the meeting),
// within one body where both name theirs, and each carries a confidence
// and a reason a reader can check. The status is what the latest dated
// evidence says: proposed (no evidence), agreed, amended, rejected, in
// progress or done.
//
// A Graph is built from a search.Library and answers for every item; it
// is built once and cached by its owner (the server rebuilds it after an
// ingest), because linking reads every recommendation and decision.
package thread
