"""The service register."""
