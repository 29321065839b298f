"""Results files: scores, ranks and explanations as xlsx, csv or json; totals computed elsewhere."""

from .writing import read_totals, write_ranking, write_results

__all__ = [
    "read_totals",
    "write_ranking",
    "write_results",
]
