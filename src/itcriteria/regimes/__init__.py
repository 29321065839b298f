"""Regimes: the Regime itself, loading regime files, whole-regime validation and diffs between regimes."""
