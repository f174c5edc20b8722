"""Metrics on networkx graphs: pure functions keyed by actor."""
