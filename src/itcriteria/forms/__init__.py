"""Forms: Excel and JSON templates a unit fills, and reading filled forms back into submissions."""
