"""The accounting register."""
