"""The web-shop register."""
