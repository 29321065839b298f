"""Shared plumbing below every layer: exact numbers, the working-day calendar, atomic files, cattrs hooks."""
