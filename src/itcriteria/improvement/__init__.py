"""Improvement: gaps to the benchmark or full points, and the planner of fewest, smallest answer changes."""
