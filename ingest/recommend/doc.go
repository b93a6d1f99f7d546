// Package recommend finds the reports inside a pack and the recommendations made in and to them.
//
// Reports are found page by page: a paper starts on a page whose head carries
// a report heading ("Report to …", "Report of …", "… REPORT TO THE … PANEL"),
// a "Title:" line, a heading set far larger than the body text, or a heading
// on the first page after a blank one. Renderers that run papers on without a
// page break are covered by strong headings below a page's top: a report
// heading set larger than the body, a heading far larger than the body, a
// heading over a tracker table's header, or a heading after a "left blank"
// notice; such a paper runs from that line to the next paper's first line. Its title is the "Title:" line or the
// first heading after the report line; its date the "Date:" line, else the
// date line of its signature block, else a date in its heading; its author the
// "Author:"/"Report of:"/"Contact officer" line or the name of its signature.
//
// Recommendations come from three places:
//   - prose: "It is recommended that …", "The Panel is asked to …",
//     "Members are asked to note …" (report-recommendation); "recommended
//     that" in any other tense is a quoted outside body (external-report);
//   - a "Recommendation(s)" section: one item per numbered or lettered
//     sub-recommendation, or per paragraph when unnumbered;
//   - tracker tables whose header row names a recommendation column and a
//     response/update column: one item per row or numbered part of a row,
//     with the row's response and status; repeated header rows are skipped.
//     When the text layer breaks the table into loose lines, each line is
//     put in a column by its x (a line that ran across a column edge is cut
//     by estimated glyph widths), and a row starts where the recommendation
//     column starts a capitalised line after a gap and the response column
//     starts new text at the same height, or at a bold lead-in on its own
//     line. The row's short lead-in before its first recommendation ("That …",
//     a number, "To …", "For the …", "Update …") is its topic; its numbered
//     parts share the whole response cell.
//
// The rules look at typography (size against the body text, weight, position)
// and at the wording conventions of the genre, never at a body's name.
package recommend
