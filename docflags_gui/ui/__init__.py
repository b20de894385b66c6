"""Widgets only: main window, job list, flags table, preview, dialogs."""
