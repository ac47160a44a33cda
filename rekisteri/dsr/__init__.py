"""Data-subject requests."""
