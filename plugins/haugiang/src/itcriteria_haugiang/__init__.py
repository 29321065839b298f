"""itcriteria plugin for Hậu Giang: the province's criteria sets (``regimes/*.toml``) and ranking policy."""

from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterRankingPolicy, RegisterRegime


@itcriteria.hookimpl
def register_ranking_policies(register: RegisterRankingPolicy) -> None:
    register(
        itcriteria.RankingPolicy(
            "haugiang",
            itcriteria.Text(
                "Xếp hạng trong từng nhóm (sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố); cơ quan "
                "ngành dọc đóng trên địa bàn tỉnh (Cục Thống kê, …) xếp hạng trong bảng riêng; đồng điểm "
                "cùng hạng",
                "Ranked within each group (provincial departments; district committees); central agencies "
                "located in the province (the Statistics Office, …) ranked in their own table; tied totals "
                "share a rank",
            ),
            "competition",
            "Thông báo 32/TB-VP.UBND (05/3/2018), mục 1: kết quả cụ thể đối với từng đơn vị; kết quả "
            "xếp hạng của Cục Thống kê tỉnh làm rõ trong báo cáo",
        )
    )


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    register(files(__name__) / "regimes")
