"""Writing results: cleaned corpus files mirroring the input, the manifest and the stats."""
