"""The registers the privacy notice lists, one Django app each."""
