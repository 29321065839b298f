"""itcriteria plugin for Bình Định: the province's criteria sets (``regimes/*.toml``) and ranking policy."""

from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterRankingPolicy, RegisterRegime


@itcriteria.hookimpl
def register_ranking_policies(register: RegisterRankingPolicy) -> None:
    register(
        itcriteria.RankingPolicy(
            "binhdinh",
            itcriteria.Text(
                "Xếp hạng trong từng khối (sở, ban, ngành; UBND huyện, thị xã, thành phố); đồng điểm cùng "
                "hạng; Sở TT&TT thống nhất kết quả với các cơ quan, đơn vị, địa phương và trình UBND tỉnh "
                "phê duyệt",
                "Ranked within each group (departments; district committees); tied totals share a rank; "
                "the Department of Information and Communications agrees the ranking with the agencies "
                "and submits it for the provincial committee's approval",
            ),
            "competition",
            "Thông báo 295/TB-UBND (26/12/2018): thống nhất kết quả đánh giá xếp hạng hằng năm với các "
            "cơ quan, đơn vị, địa phương, báo cáo UBND tỉnh phê duyệt; đồng hạng theo 2342/QĐ-BTTTT",
        )
    )


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    register(files(__name__) / "regimes")
