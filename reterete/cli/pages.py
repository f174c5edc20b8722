"""Commands: pages."""
