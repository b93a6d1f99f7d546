// Package minutes finds the agenda items, minutes, attendees, declarations, decisions and questions in meeting papers.
//
// A pack is read as a sequence of regions. An agenda region starts at an
// "Agenda" heading (or at the start of a document that does not open with
// minutes); a minutes region starts at a "Minutes of … held on <date>" line, a
// "Minutes" heading, or an attendance label ("PRESENT:", "Members Present"),
// and ends at the chair's signature line or "the meeting closed at". Outside
// those regions (the reports of a pack) nothing is extracted: a numbered list
// in a report is not an agenda.
//
// Rules key on the shape of the text, never on a council's name or wording:
//
//   - Agenda items are numbered lines whose numbers run in sequence, optionally
//     led by a time ("11.10am 6. Title"); a time alone on a line belongs to
//     the next item; a trailing "17 - 24" or "(Pages 11 - 84)", a page range
//     alone on the line after the title, or a page cell of a table row is the
//     item's pages. Table rows (Item | Subject | Pages | Lead) are read by
//     their header when there is one.
//   - Minutes are numbered headings ("16 TITLE", "23/19 Title", "45. Title",
//     "2724. Title: text", a bare "84." with its title beside it) that are set
//     apart (bold, larger, capitals, or a short title ended by a colon) and
//     whose numbers increase. Sub-headings such as "Questions" and "RESOLVED"
//     carry no number and so never start a minute; numbered paragraphs inside
//     a minute fail the increasing-number test.
//   - Decisions are the text after RESOLVED / AGREED (any of the usual
//     variants), including a lettered or numbered list that follows a colon;
//     a list whose markers run (1), (2)… or (a), (b)… is split into one
//     decision per part.
//
// The date of minutes is the date in their own "Minutes of … held on" line,
// else a date standing alone just above the attendance list, else the
// document's meeting date.
package minutes
