"""The one catalogue of official terms in Vietnamese and English, and the provinces by id.

Field names here are what a reader calls a regime's settings and a criterion's parts (the diff of two
regimes, the criteria book's change list). Provinces: a regime names its province by an id made from
the name without diacritics or spaces (``binhthuan``); :func:`province_name` gives back the name and
whether it is a province (tỉnh) or a centrally run city (thành phố), as an official title writes it.
The list holds the 63 provincial units before the 2025 reorganisation and the 34 after it (all of whose
names are among the 63 except Huế).
"""

from __future__ import annotations

import unicodedata

from .lang import check_lang

#: A regime's and a criterion's fields, as a reader calls them: (Vietnamese, English).
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "title": ("tên", "title"),
    "max": ("điểm tối đa", "max points"),
    "indicator": ("số liệu nhập", "inputs"),
    "rule": ("cách tính điểm", "scoring"),
    "benchmark": ("điểm chuẩn", "benchmark"),
    "combine": ("cách cộng điểm", "combined as"),
    "groups": ("nhóm đơn vị", "unit groups"),
    "provenance": ("nguồn gốc", "provenance"),
    "bands": ("xếp loại", "classification"),
    "band_basis": ("cơ sở xếp loại", "classes based on"),
    "rounding": ("làm tròn", "rounding"),
    "ranking_policy": ("cách xếp hạng", "ranking policy"),
    "max_total": ("tổng điểm tối đa", "maximum total"),
    "evaluation_window": ("thời gian số liệu", "data window"),
    "deadline": ("hạn gửi phiếu", "forms due"),
    "milestones": ("các mốc", "milestones"),
    "cadence": ("chu kỳ đánh giá", "evaluated"),
    "year_aggregate": ("kết quả năm", "the year's result"),
    "status": ("trạng thái", "status"),
}

#: Words shared by several outputs: (Vietnamese, English).
WORDS: dict[str, tuple[str, str]] = {
    "points": ("điểm", "points"),
    "working_days": ("ngày làm việc", "working days"),
    "no_change": ("không thay đổi", "no change"),
    "ratio": ("tỷ lệ", "ratio"),
    "choice": ("mức", "levels"),
    "count": ("số lượng", "count"),
    "yes_no": ("có/không", "yes/no"),
    "number": ("số", "number"),
    "province": ("tỉnh", "province"),
    "city": ("thành phố", "city"),
    "country": ("quốc gia", "country"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "official": ("chính thức", "official"),
    "provisional": ("tạm thời", "provisional"),
    "derived": ("suy ra", "derived"),
    "assumed": ("giả định", "assumed"),
    # Explanations, gap advice and plans (scoring, improvement); capitalised where they head a line.
    "unit": ("đơn vị", "unit"),
    "regime": ("bộ tiêu chí", "regime"),
    "total": ("tổng điểm", "total"),
    "band": ("xếp loại", "class"),
    "no_band": ("chưa xếp loại", "no class"),
    "met": ("đạt", "met"),
    "not_met": ("chưa đạt", "not met"),
    "source": ("nguồn", "source"),
    "formula": ("công thức", "rule"),
    "rounded": ("làm tròn", "rounded"),
    "best_unit": ("đơn vị cao nhất", "best unit"),
    "lost": ("mất", "lost"),
    "at_most": ("tối đa", "at most"),
    "not_official": ("chưa có văn bản chính thức", "not from an official text"),
    "full_points": (FIELD_NAMES["max"][0], "full points"),  # the goal of a gap: its maximum
    "before": ("trước", "before"),
    "after": ("sau", "after"),
}

#: Column headings of the official tables, shared by the results files, the published annex and the
#: annex tables a regime is written back as: (Vietnamese, English).
HEADINGS: dict[str, tuple[str, str]] = {
    "criterion": ("Tiêu chí", "Criterion"),
    "max": ("Điểm tối đa", "Max"),
    "rule": ("Cách tính điểm", "Scoring"),
    "points": ("Điểm", "Points"),
    "scored": ("Điểm đạt", "Points"),
    "total": ("Tổng điểm", "Total"),
    "benchmark": ("Điểm chuẩn", "Benchmark"),
    "band": ("Xếp loại", "Class"),
    "rank": ("Xếp hạng", "Rank"),
    "reason": ("Lý do", "Reason"),
    "group": ("Nhóm đơn vị", "Unit group"),
    "agency": ("Cơ quan, đơn vị", "Agency"),
    "unit_id": ("Mã đơn vị", "Unit id"),
    "unit_name": ("Tên đơn vị", "Unit name"),
    "self_points": ("Điểm tự đánh giá", "Self-assessed points"),
    "appraised_points": ("Điểm thẩm định", "Appraised points"),
}

LANG_INDEX = {"vi": 0, "en": 1}
_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip


def capital(text: str) -> str:
    """``text`` with its first letter capitalised, as at the start of a line (``tổng điểm``: "Tổng điểm")."""
    return text[:1].upper() + text[1:]


def field_name(field: str, lang: str) -> str:
    """What a reader calls ``field`` (``max_total``: "tổng điểm tối đa"); the field itself if unknown."""
    pair = FIELD_NAMES.get(field)
    return pair[LANG_INDEX[check_lang(lang)]] if pair else field


def word(key: str, lang: str) -> str:
    """A shared word of :data:`WORDS` in ``lang``."""
    return WORDS[key][LANG_INDEX[check_lang(lang)]]


def heading(key: str, lang: str) -> str:
    """A column heading of :data:`HEADINGS` in ``lang`` (``max``: "Điểm tối đa", "Max")."""
    return HEADINGS[key][LANG_INDEX[check_lang(lang)]]


def fold(text: str) -> str:
    """``text`` in lower case without diacritics, one character for one (``Điểm`` → ``diem``)."""
    out = []
    for char in text:
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0] if char.isalpha() else char
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def province_slug(name: str) -> str:
    """The id a province's name makes: folded, without spaces or dashes (``Bà Rịa - Vũng Tàu``:
    ``bariavungtau``)."""
    return "".join(c for c in fold(name) if c.isascii() and c.isalnum())


PROVINCES: dict[str, tuple[str, str]] = {
    **{province_slug(name): ("province", name) for name in _PROVINCES},
    **{province_slug(name): ("city", name) for name in _CITIES},
    "vn": ("country", "Việt Nam"),  # national sets, such as the ministry's DTI of the provinces
}


def province_name(province_id: str) -> str | None:
    """``Bình Thuận`` for ``binhthuan``; None when the id is not a Vietnamese province's."""
    found = PROVINCES.get(province_id)
    return found[1] if found else None


def province_title(province_id: str, lang: str = "vi") -> str | None:
    """``tỉnh Bình Thuận`` or ``thành phố Hà Nội`` (``Bình Thuận province``, ``Hà Nội city``); the
    country's name alone for a national set."""
    found = PROVINCES.get(province_id)
    if found is None:
        return None
    kind, name = found
    if kind == "country":
        return name
    return f"{word(kind, lang)} {name}" if check_lang(lang) == "vi" else f"{name} {word(kind, lang)}"
