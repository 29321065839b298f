"""itcriteria plugin for Việt Nam's national index sets (``regimes/*.toml``) and their ranking policy."""

from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterRankingPolicy, RegisterRegime


@itcriteria.hookimpl
def register_ranking_policies(register: RegisterRankingPolicy) -> None:
    register(
        itcriteria.RankingPolicy(
            "vn-dti",
            itcriteria.Text(
                "Một bảng xếp hạng chung của 63 tỉnh, thành phố theo chỉ số DTI; đồng điểm cùng hạng, hạng "
                "kế tiếp bỏ qua (1, 2, 2, 4)",
                "One national ranking of the 63 provinces and cities by DTI; tied totals share a rank and "
                "the next rank is skipped (1, 2, 2, 4)",
            ),
            "competition",
            "922/QĐ-BTTTT (20/5/2022); bảng xếp hạng DTI cấp tỉnh năm 2022 công bố tại "
            "https://dti.gov.vn/xep-hang-2022",
        )
    )


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    register(files(__name__) / "regimes")
