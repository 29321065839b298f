"""Plugins: the pluggy manager, entry points, and the lookup of regimes and ranking policies."""
