"""Results files: scores, ranks and explanations as xlsx, csv or json; totals computed elsewhere."""

from .data import ranking_records, round_data
from .writing import read_totals, write_ranking, write_results

__all__ = [
    "ranking_records",
    "read_totals",
    "round_data",
    "write_ranking",
    "write_results",
]
