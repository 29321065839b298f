"""Ranking: policies, ranks and bands over totals."""

from .ranks import RankingPolicy, RankRow, rank, rank_changes

__all__ = [
    "RankRow",
    "RankingPolicy",
    "rank",
    "rank_changes",
]
