"""What the core itself registers, through the same hooks as every plugin."""

from __future__ import annotations

from ..hookspecs import RegisterRankingPolicy, hookimpl
from ..model import Text
from ..ranking import RankingPolicy

#: The policies every installation has; a regime names one in ``ranking_policy``.
POLICIES = (
    RankingPolicy(
        "competition",
        Text(
            "Xếp hạng trong từng nhóm; đồng điểm cùng hạng, hạng kế tiếp bỏ qua (1, 2, 2, 4)",
            "Rank within each group; tied totals share a rank and the next rank is skipped (1, 2, 2, 4)",
        ),
        "competition",
        "2342/QĐ-BTTTT (18/12/2017): cách xếp hạng theo chỉ số",
    ),
    RankingPolicy(
        "dense",
        Text(
            "Xếp hạng trong từng nhóm; đồng điểm cùng hạng, hạng kế tiếp không bỏ (1, 2, 2, 3)",
            "Rank within each group; tied totals share a rank and no rank is skipped (1, 2, 2, 3)",
        ),
        "dense",
    ),
)


@hookimpl
def register_ranking_policies(register: RegisterRankingPolicy) -> None:
    for policy in POLICIES:
        register(policy)
