"""Filled in by a later step."""
