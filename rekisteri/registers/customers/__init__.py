"""The customer register."""
