"""Hostile input: a generated corpus of damaged, huge and malicious PDFs, and a mutation fuzzer."""
