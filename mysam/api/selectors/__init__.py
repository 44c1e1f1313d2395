"""Reads of the API: one function per table, each scoped to one association."""
