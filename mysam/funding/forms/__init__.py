"""Forms of the funding app; they only clean input, the services decide."""
