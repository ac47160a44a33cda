"""The personnel register."""
