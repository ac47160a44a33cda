"""Privacy notices and records of processing."""
