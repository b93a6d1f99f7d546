// Package funding finds funding awards — who got how much, from which fund, when — in council papers.
//
// Extract reads the lines of a document's pages (from ingest/pdftext or
// ingest/htmltext) and returns one corpus.Item of kind funding per award it
// finds, in prose or in tables. The rules are about the genre, not any one
// paper:
//
//   - Prose. Lines of one block are joined and split into sentences. A money
//     amount is an award only when an award cue sits close to it: a receiving
//     verb ("invested", "received", "were awarded", "contributing"), a giving
//     verb or noun ("allocated", "allocation", "awarded ... to", "provided to",
//     "donation", "a grant of", "funding of"), or a list introduced by one
//     ("the following donations were agreed: A - £50; B - £100"). A negative
//     cue next to the amount wins over any award cue: cuts, savings,
//     reductions, per-head figures, costs, overspends, confiscations,
//     balances, precepts, salaries, fees, invoices and cheques for goods or
//     services. Money with no cue at all is not funding: a paper mentions far
//     more sums than it awards, and a missed award costs less trust than a
//     budget line reported as a grant.
//   - Recipient. For receiving verbs it is the subject ("X invested £N");
//     for "£N invested by X" it is X; for giving verbs it is the object of
//     "to" ("awarded by the PCC to seven organisations"). When a sentence
//     names no recipient but follows one about the same body ("A further
//     £40,000 has been invested in ...") the earlier recipient carries over;
//     when none is named at all, the subject of the allocating sentence is
//     used, because that is the body a reader would ask about the money.
//   - Fund and period come from the sentence or row when it names them
//     ("out of his Community Safety Fund", "2018/19"), else from the nearest
//     heading above ("PCC Community Safety Fund initiatives:", "2017/18:").
//   - Tables. A header row with an amount column ("Amount (£)", "Grant £",
//     "2025-26 £m") and a name column turns each later row into an item;
//     bare figures in such a column are read in the header's unit.
//
// ParseAmount is the money parser the rules share; other packages may use
// it. It reports whether a figure is hedged ("just under £100,000", "over
// £3m"), which Extract passes on only in the item text: corpus.Item has no
// field for it.
package funding
