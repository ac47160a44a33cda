"""The recruitment register."""
