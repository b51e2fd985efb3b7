"""Duplicate detection: LSH candidate search, verification and the keep decisions."""
