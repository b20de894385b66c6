"""Data files shipped with docflags (sample PDFs, icons); read through importlib.resources."""
