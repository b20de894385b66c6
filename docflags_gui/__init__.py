"""docflags: turn the flagged passages of PDFs into a table of flagged items."""

__version__ = "0.1.0"

# Bumped whenever the engine's output for the same file may change; stored results from another
# engine version are not reused as if they were current.
ENGINE_VERSION = "1"

RESULT_SCHEMA = "docflags/1"
