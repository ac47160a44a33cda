"""Disclosures, recipients and processors."""
