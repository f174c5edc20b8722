"""Commands: compare."""
