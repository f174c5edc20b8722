"""Commands: antennas."""
