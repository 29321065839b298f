"""Results files: scores, ranks and explanations as xlsx, csv or json; totals computed elsewhere."""

from .data import round_data
from .writing import read_totals, write_ranking, write_results

__all__ = [
    "read_totals",
    "round_data",
    "write_ranking",
    "write_results",
]
