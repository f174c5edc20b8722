"""Commands: workspace."""
