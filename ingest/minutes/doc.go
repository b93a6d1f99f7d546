// Package minutes finds the agenda items, minutes, attendees, declarations,
// decisions and questions of meeting papers. It reads the document model
// (package model) and nothing else: the model has already cut the file into
// papers (a front sheet, minutes, reports), its blocks into headings,
// paragraphs, labelled list items and tables, and ranked the headings.
//
// Agenda items come only from agenda papers (a front sheet, or the first
// pages of a pack): the labelled blocks of the agenda's main list whose
// numbers run in sequence, or the rows of an agenda table. An item's time is
// a time set before its label, in a time column, or alone on the line above
// it; its pages are a printed range after its title ("(Pages 5 - 12)",
// "17 - 24", "Report A, pages 3–6") or in a pages column.
//
// Minutes come from minutes papers ("Minutes of a meeting…", "Notes of the
// meeting", "Record of decisions", "Action notes"): the numbered blocks of
// the paper's main sequence — "84." beside its title, "23/19 Title",
// "2724. Police Report: text" — chosen as the longest run of increasing
// numbers, so numbered paragraphs inside a minute do not start one. A
// minute's text runs to the next minute.
//
// Decisions are what a meeting decided, in the forms councils write them:
// "RESOLVED that…", "AGREED", "DECIDED", "The Committee NOTED…",
// "Decision:", "proposed … seconded … and agreed/carried/all approved",
// "agreed unanimously", and motions and amendments with their result. A
// resolution that leads into a list ("RESOLVED that:", "RESOLVED: (1) …
// (2) …") gives one decision per part.
//
// Attendance is read from "Present", "Members present", "In attendance",
// "Apologies…" labels and from attendance tables; declarations from the
// declarations minute and from "X declared an interest…" anywhere in
// minutes; questions from question-and-answer papers and from the
// questions put in a minute, each with its answer.
package minutes
