"""Ranking: policies, ranks and bands over totals."""
