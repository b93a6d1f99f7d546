// Package recommend finds the reports inside a pack and the recommendations
// made in and to them. It reads the document model (package model), which
// has already cut the file into papers and its blocks into headings,
// labelled list items and tables.
//
// A report is a paper of the file that is neither an agenda nor minutes:
// its title is the "Title:" or "Subject:" of its header (a table or label
// lines), else its first heading that is not the council's masthead; its
// date the header's "Date:", else the date of its signature block, else a
// date in its masthead; its author the header's "Author:" / "Report of:" /
// "From:" / "Contact officer:", else the name over its signature.
//
// Recommendations come from three places:
//   - a "Recommendation(s)" section: one item per part of its list (each
//     numbered or lettered part, every line of it; a part that only leads
//     into a sub-list gives its sub-parts), or per paragraph when the
//     section has no list. The list ends where the outline says the
//     section ends: at the next heading of the same or a higher rank.
//   - a sentence that recommends: "It is recommended that …", "The Cabinet
//     is asked to …", "Members are recommended to …" — one item, or one per
//     part of the list it leads into or of its inline "(a) … (b) …".
//   - tracker tables whose header names a recommendation column and a
//     response (update, progress) column: one item per recommendation in a
//     row, with the row's response and status; the row's bold lead-in is
//     its topic.
package recommend
