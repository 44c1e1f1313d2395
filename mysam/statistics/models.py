"""Models of the statistics app."""
