// Package mutate makes hostile and broken variants of healthy papers, for
// robustness tests of the ingest pipeline: PDFs truncated, bit-flipped, with
// a broken cross-reference, a cyclic page tree or outline, absurd numbers,
// deeply nested forms, 100,000 declared pages, AES-256 encryption, object
// streams that point at themselves, decompression bombs; HTML with unclosed
// tags, deep nesting, lying charsets, byte order marks and binary junk; and
// files whose content is not what their extension says.
//
// Everything is deterministic: the same seed and the same sources give the
// same bytes and the same names, so a failure found by a long run can be
// reproduced by name.
//
// Structural mutations are written the way a PDF editor would: as an
// incremental update appended to the original (new object versions, a new
// cross-reference section and a trailer whose /Prev points at the old one),
// so the original objects stay where they were and only the part under test
// is hostile.
//
// This is test support, but an ordinary package so that tests in other
// packages (cmd/papers) and commands can use it.
package mutate
