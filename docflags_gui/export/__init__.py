"""Exports of docflags/1 results: CSV, XLSX, JSON, Markdown, HTML."""
