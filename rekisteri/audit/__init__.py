"""The audit log: append-only, hash-chained events of who did what to whose data."""
