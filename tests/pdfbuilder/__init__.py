"""Fixture builders: PDFs of every flag encoding with exact expected results.

`core` holds the shared helpers (pages, text lines with known word boxes, saving); each encoding
has its own module (annotated, drawn, colored, raster, report) built on them.
"""
