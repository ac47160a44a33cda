"""Personal-data breaches."""
