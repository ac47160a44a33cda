"""The data subjects: one row per person the registers hold data about."""
