"""Match: find each flagged passage of a report in the author's manuscript. No Qt.

`readers.read_manuscript` turns a DOCX, ODT, PDF, TXT or Markdown file into plain text with
paragraph spans; `passages.PassageMatcher` places passages in it; `result.match_document` adds the
places to a docflags/1 document.
"""

# The score under which a place is no place (a passage gets null): 1 - distance / length.
DEFAULT_MIN_SCORE = 0.8
