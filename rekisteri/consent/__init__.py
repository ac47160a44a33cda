"""Consent and marketing."""
