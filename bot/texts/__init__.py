"""All Dutch user-facing texts, one module per feature."""
