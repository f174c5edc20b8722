"""Commands: metrics."""
