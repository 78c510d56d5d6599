"""Curated data files shipped with factcheck (validated by their own tests)."""
