"""itcriteria plugin for Bình Thuận: the province's criteria sets (``regimes/*.toml``) and ranking policy."""

from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterRankingPolicy, RegisterRegime


@itcriteria.hookimpl
def register_ranking_policies(register: RegisterRankingPolicy) -> None:
    register(
        itcriteria.RankingPolicy(
            "binhthuan",
            itcriteria.Text(
                "Xếp hạng trong từng nhóm (cơ quan chuyên môn; đơn vị sự nghiệp; UBND cấp huyện) theo "
                "tỷ lệ điểm đạt trên điểm tối đa của đơn vị; đồng điểm cùng hạng; phiếu gửi trễ quá 5 ngày "
                "làm việc hoặc không gửi thì không được xếp hạng",
                "Ranked within each group (departments; public service units; district committees) on the "
                "percent of the unit's maximum; tied units share a rank; forms more than 5 working days "
                "late, or not sent, are not ranked",
            ),
            "competition",
            "Công văn 697/STTTT-BCVT&CNTT (07/8/2019), mục 3 (nhóm, thời hạn); xếp theo tỷ lệ điểm là giả "
            "định vì đơn vị có tiêu chí không áp dụng có điểm tối đa thấp hơn",
            basis="percent",
            provenance="assumed",
        )
    )


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    register(files(__name__) / "regimes")
