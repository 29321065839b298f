"""Scoring text into rules: the phrasings real annexes use, each written in the rule language.

:func:`translate` returns a :class:`Translation` (the indicator, the rule and the kind of phrasing) or
None when the text is not one of the phrasings below; the importer never guesses. Recognised:

``ratio``       "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa", "Tỷ lệ % x Điểm tối đa", "a/b*Điểm tối đa"
``best``        "Tỷ lệ chuẩn hóa = giá trị / giá trị lớn nhất" (normalised to the best unit)
``count_steps`` "4 lần/năm: 20 điểm; 3 lần: 15 điểm; …; còn lại: 0"
``ratio_steps`` "từ 80% trở lên: 10 điểm; từ 50% đến dưới 80%: 5 điểm"
``yes_no``      "Có: 5 điểm; Không: 0 điểm"
``levels``      "Trưởng ban là Bí thư/Chủ tịch: Điểm tối đa; Phó …: 1/2 * Điểm tối đa; chưa có: 0"
``per_item``    "1 điểm/ứng dụng, tối đa không quá 5 điểm"
``halves``      "mỗi nội dung 1/2 * Điểm tối đa", or independent conditions each worth an equal share
``not_scored``  "không tính điểm" (collected, 0 points)
``points``      a table with no scoring column at all: the row's points are entered as they are
                (a summary table whose points come from the tables of its sub-indices)

The text is matched folded (no diacritics, lower case); labels are cut from the original text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import attrs

from ._words import fold, number_text, slug

KINDS = (
    "written",
    "ratio",
    "best",
    "count_steps",
    "ratio_steps",
    "yes_no",
    "levels",
    "per_item",
    "halves",
    "not_scored",
    "points",
)

#: The words of each kind in the import report.
KIND_WORDS = {
    "written": "quy tắc ghi sẵn trong bảng (Quy tắc: …)",
    "ratio": "tỷ lệ × điểm tối đa",
    "best": "chuẩn hóa theo đơn vị cao nhất",
    "count_steps": "mức điểm theo số lần",
    "ratio_steps": "mức điểm theo ngưỡng tỷ lệ",
    "yes_no": "có/không",
    "levels": "lựa chọn theo mức",
    "per_item": "điểm mỗi mục, có giới hạn",
    "halves": "cộng các nội dung độc lập",
    "not_scored": "không tính điểm",
    "points": "điểm nhập trực tiếp (bảng không có cột cách tính điểm)",
}


KIND_WORDS_EN = {
    "written": "rule written in the table (Quy tắc: …)",
    "ratio": "ratio × maximum",
    "best": "normalised to the best unit",
    "count_steps": "points by number of times",
    "ratio_steps": "points by ratio thresholds",
    "yes_no": "yes/no",
    "levels": "a choice of levels",
    "per_item": "points per item, capped",
    "halves": "independent contents added up",
    "not_scored": "not scored",
    "points": "points entered directly (the table has no scoring column)",
}


@attrs.frozen
class Translation:
    kind: str
    indicator: dict[str, Any]
    rule: str


_NUM = r"(\d+(?:[.,]\d+)?)"
_TIMES = r"\s*(?:\*|×|x)\s*"
_MAX = r"diem\s*toi\s*da"
_DEFINITION = re.compile(r"(?:^|[;\n])\s*[-+•]?\s*([ab])\s*=\s*([^;\n]+)")
_PLUS_FORMULA = re.compile(r"diem\s*=[^;\n]*\+")
_RATIO = re.compile(rf"(?:ty\s*le\s*%?|\ba\s*/\s*b\b){_TIMES}(?:{_MAX}|{_NUM}\s*(?:diem|d)?\b)")
_BEST = re.compile(r"chuan\s*hoa")
_LARGEST = re.compile(r"lon\s*nhat|cao\s*nhat")
_PER_ITEM = re.compile(
    rf"{_NUM}\s*(?:diem|d)\s*/\s*([^,;()]+?)\s*[,;(]?\s*(?:nhung\s+)?toi\s*da\s*(?:khong\s*qua\s*)?(?:{_NUM}\s*(?:diem|d)?|{_MAX})"
)
_EACH_SHARE = re.compile(r"\bmoi\s+(noi\s*dung|tieu\s*chi|yeu\s*cau|muc|dieu\s*kien)\b[^:;]*?[:\s]\s*(.+)$")
_TIMES_COUNT = re.compile(r"(\d+)\s*lan\b")
_REST = re.compile(r"^(con\s*lai|truong\s*hop\s*khac|khac|khong\s*(hop|co)?|duoi)")


def translate(text: str, maximum: Decimal, title: str) -> Translation | None:
    """The rule a row's scoring text says, or None when the text is not a phrasing the importer knows.

    ``ValueError`` when the text gives a rule on a "Quy tắc:" line whose indicator lines are malformed.
    """
    folded = fold(text)
    if not folded.strip():
        return None
    written = written_rule(text, title)
    if written is not None:
        return written
    if re.search(r"khong\s*tinh\s*diem", folded):
        return Translation("not_scored", _number(f"{title} (thu thập, không tính điểm)"), "0")
    if _PLUS_FORMULA.search(folded):
        return None  # a sum of parts scored differently: the parts are for the officer to split
    if _BEST.search(folded) and _LARGEST.search(folded):
        return Translation("best", _number(title), "value / best * max_points if best > 0 else 0")
    found = _PER_ITEM.search(folded)
    if found:
        each = _decimal(found.group(1))
        cap = _decimal(found.group(3)) if found.group(3) else maximum
        item = text[found.start(2) : found.end(2)].strip()
        if each > 0 and cap <= maximum:
            label = f"Số {item} ({title})" if item else title
            rule = f"per_item(count, {number_text(each)}, {_points(cap, maximum)})"
            return Translation("per_item", _count(label), rule)
    segments = _segments(text)
    for recogniser in (_ratio_steps, _count_steps, _yes_no, _halves_each, _shares):
        result = recogniser(segments, maximum, title, text)
        if result is not None:
            return result
    if _RATIO.search(folded):
        literal = _RATIO.search(folded)
        assert literal is not None
        if literal.group(1) is not None:
            factor = _decimal(literal.group(1))
            if factor > maximum:
                return None
            rule = "ratio * max_points" if factor == maximum else f"ratio * {number_text(factor)}"
        else:
            rule = "ratio * max_points"
        return Translation("ratio", _ratio(text, title), rule)
    return None


# --- A rule written in the table: "Quy tắc: …" with its indicator, one line each -------------------------

_LINE = re.compile(r"^\s*([^:\n]+?)\s*:\s*(.*?)\s*$", re.M)
_KIND_NAMES = {
    "ty le": "ratio",
    "so dem": "count",
    "co/khong": "yes_no",
    "lua chon": "choice",
    "so": "number",
}
_ZERO_DENOMINATOR = {
    "khong duoc": "error",
    "khong ap dung": "not_applicable",
    "0 diem": "zero",
    "diem toi da": "full",
}
_INPUT_KINDS = (("numerator", "ratio"), ("denominator", "ratio"), ("ratio", "ratio"), ("count", "count"))


def written_rule(text: str, title: str) -> Translation | None:
    """A rule given in the rule language on a "Quy tắc:" line (as ``itcriteria docs --format xlsx``
    writes it, or an officer does), with its indicator from the lines after it; None without one."""
    start = re.search(r"^\s*quy\s*tac\s*:", fold(text), re.M)
    if start is None:
        return None
    text = text[start.start() :]  # the book's words above it are for people
    lines: dict[str, str] = {}
    levels = []
    for found in _LINE.finditer(text):
        key, value = " ".join(fold(found.group(1)).split()), found.group(2)
        if key == "muc":
            parts = [part.strip() for part in value.split("|", 2)]
            if len(parts) != 3 or not re.fullmatch(r"\d+(?:[.,]\d+)?", parts[1]):
                raise ValueError(f"'Mức: {value}' is not 'Mức: id | fraction | title' (e.g. du | 1 | Đầy đủ)")
            levels.append({"id": parts[0], "title": parts[2], "fraction": _decimal(parts[1])})
        else:
            lines.setdefault(key, value)
    rule = lines.get("quy tac")
    if not rule:
        return None
    kind = _KIND_NAMES.get(" ".join(fold(lines.get("chi tieu", "")).split()))
    if kind is None:  # no indicator line: the names the rule uses say which
        names = set(re.findall(r"[a-z_]+", rule))
        kind = next((k for name, k in _INPUT_KINDS if name in names), None)
        kind = kind or ("yes_no" if "yes" in names else "number")
    label = lines.get("nhan", title)
    indicator: dict[str, Any] = {"kind": kind}
    if kind == "ratio":
        indicator["numerator"] = lines.get("tu so", f"Tử số (a): {title}")
        indicator["denominator"] = lines.get("mau so", f"Mẫu số (b): {title}")
        policy = _ZERO_DENOMINATOR.get(" ".join(fold(lines.get("mau so bang 0", "")).split()))
        if policy is not None:
            indicator["zero_denominator"] = policy
    else:
        indicator["label"] = label
        if "don vi" in lines and kind in ("count", "number"):
            indicator["unit"] = lines["don vi"]
        if kind == "number":
            for key, field in (("gia tri nho nhat", "min"), ("gia tri lon nhat", "max")):
                if key in lines and fold(lines[key]).strip() != "khong gioi han":
                    if not re.fullmatch(r"-?\d+(?:[.,]\d+)?", lines[key].strip()):
                        raise ValueError(f"{found_key(key)} {lines[key]!r} is not a number")
                    indicator[field] = _decimal(lines[key].strip())
            if fold(lines.get("gia tri nho nhat", "")).strip() == "khong gioi han":
                indicator["min"] = (
                    None  # a regime file cannot say so (TOML has no null): refused when written
                )
        if kind == "choice":
            indicator["levels"] = levels
    return Translation("written", indicator, rule.strip())


def found_key(key: str) -> str:
    return {"gia tri nho nhat": "Giá trị nhỏ nhất:", "gia tri lon nhat": "Giá trị lớn nhất:"}.get(key, key)


def combine_of(text: str) -> str | None:
    """How a parent adds its sub-criteria when its scoring cell says so ("Cách cộng điểm: …")."""
    found = re.search(r"cach\s*cong\s*diem\s*:\s*(.+)", fold(text))
    if not found:
        return None
    if "cao nhat" in found.group(1):
        return "best"
    if "khong qua" in found.group(1):
        return "capped_sum"
    return "sum"


def untranslatable_indicator(title: str) -> dict[str, Any]:
    """The indicator of a placeholder row: a number the officer will replace with the real indicator."""
    return _number(title)


def points_indicator(title: str, maximum: Decimal) -> dict[str, Any]:
    indicator = _number(f"Điểm đạt được: {title}")
    indicator["max"] = maximum
    return indicator


# --- Segments: "label: points; label: points" ---------------------------------------------------------


@attrs.frozen
class _Segment:
    text: str  # original
    folded: str
    label: str  # before the last colon (original)
    points_text: str  # after the last colon (folded)


def _segments(text: str) -> list[_Segment]:
    parts = re.split(r"[;\n]+", text)
    result = []
    for part in parts:
        cleaned = part.strip().lstrip("-+•").strip().rstrip(".").strip()
        if not cleaned:
            continue
        folded = fold(cleaned)
        if ":" in cleaned:
            at = cleaned.rindex(":")
            label, tail = cleaned[:at].strip(), folded[at + 1 :].strip()
        else:
            label, tail = cleaned, ""
        result.append(_Segment(cleaned, folded, label, tail))
    return result


def _is_definition(segment: _Segment) -> bool:
    return "=" in segment.text or segment.folded.startswith(("trong do", "trong đo"))


def _segment_points(segment: _Segment, maximum: Decimal) -> Decimal | None:
    """Points after the colon: ``20 điểm``, ``20đ``, ``0``, ``Điểm tối đa``, ``1/2 * Điểm tối đa``,
    ``50% Điểm tối đa``; None when the tail is none of these."""
    tail = " ".join(segment.points_text.split()).rstrip(".")
    if not tail:
        return None
    found = re.fullmatch(rf"{_NUM}\s*(?:diem|d)?", tail)
    if found:
        return _decimal(found.group(1))
    if re.fullmatch(_MAX, tail):
        return maximum
    found = re.fullmatch(rf"(\d+)\s*/\s*(\d+){_TIMES}{_MAX}", tail)
    if found and int(found.group(2)):
        return maximum * Decimal(found.group(1)) / Decimal(found.group(2))
    found = re.fullmatch(rf"{_NUM}\s*%\s*(?:\*|×|x)?\s*{_MAX}", tail)
    if found:
        return maximum * _decimal(found.group(1)) / 100
    return None


def _scored(segments: list[_Segment], maximum: Decimal) -> list[tuple[_Segment, Decimal]] | None:
    """Every segment that is not a definition with its points, or None if one has none or too many."""
    scored = []
    for segment in segments:
        if _is_definition(segment):
            continue
        value = _segment_points(segment, maximum)
        if value is None or value < 0 or value > maximum:
            return None
        scored.append((segment, value))
    return scored or None


def _count_steps(segments: list[_Segment], maximum: Decimal, title: str, text: str) -> Translation | None:
    scored = _scored(segments, maximum)
    if scored is None:
        return None
    pairs: list[tuple[Decimal, Decimal]] = []
    for segment, value in scored:
        times = _TIMES_COUNT.search(fold(segment.label))
        if times:
            pairs.append((Decimal(times.group(1)), value))
        elif _REST.match(fold(segment.label).strip()) and value == 0:
            continue
        else:
            return None
    if len(pairs) < 2 or len({t for t, _ in pairs}) != len(pairs):
        return None
    pairs = [(t, p) for t, p in pairs if p != 0 or t == 0]
    args = ", ".join(f"{number_text(t)}, {number_text(p)}" for t, p in sorted(pairs, reverse=True))
    return Translation("count_steps", _count(title), f"steps(count, {args})")


_FROM = re.compile(rf"(?:\btu\b|>=|≥|\bbang\b)\s*{_NUM}\s*%")
_ABOVE = re.compile(rf"(?:\btren\b|>)\s*{_NUM}\s*%")
_OR_MORE = re.compile(rf"{_NUM}\s*%\s*tro\s*len")
_BELOW = re.compile(rf"^(?:\bduoi\b|<)\s*{_NUM}\s*%")


def _ratio_steps(segments: list[_Segment], maximum: Decimal, title: str, text: str) -> Translation | None:
    scored = _scored(segments, maximum)
    if scored is None or len(scored) < 2:
        return None
    bands: list[tuple[Decimal, bool, Decimal]] = []  # (lower bound as a ratio, inclusive, points)
    for segment, value in scored:
        label = fold(segment.label).strip()
        if "%" not in label:
            if _REST.match(label) and value == 0:
                continue
            return None
        found = _FROM.search(label) or _OR_MORE.search(label)
        above = _ABOVE.search(label)
        if found:
            bands.append((_decimal(found.group(1)) / 100, True, value))
        elif above:
            bands.append((_decimal(above.group(1)) / 100, False, value))
        elif _BELOW.search(label):
            if value:
                bands.append((Decimal(0), True, value))
        else:
            return None
    if not bands or len({b for b, _, _ in bands}) != len(bands):
        return None
    bands.sort(key=lambda band: band[0], reverse=True)
    indicator = _ratio(text, title)
    if all(inclusive for _, inclusive, _ in bands):
        args = ", ".join(f"{number_text(b)}, {number_text(p)}" for b, _, p in bands)  # literals only
        return Translation("ratio_steps", indicator, f"steps(ratio, {args})")
    rule = "0"
    for bound, inclusive, value in reversed(bands):
        sign = ">=" if inclusive else ">"
        rule = f"{_points(value, maximum)} if ratio {sign} {number_text(bound)} else {rule}"
    return Translation("ratio_steps", indicator, rule)


def _yes_no(segments: list[_Segment], maximum: Decimal, title: str, text: str) -> Translation | None:
    scored = _scored(segments, maximum)
    if scored is None or len(scored) != 2:
        return None
    (first, yes), (second, no) = scored
    if not re.match(r"co\b", fold(first.label).strip()) or not re.match(
        r"(khong|chua)\b", fold(second.label).strip()
    ):
        return None
    rule = (
        "max_points if yes else 0"
        if yes == maximum and no == 0
        else f"{_points(yes, maximum)} if yes else {_points(no, maximum)}"
    )
    return Translation("yes_no", {"kind": "yes_no", "label": title}, rule)


def _halves_each(segments: list[_Segment], maximum: Decimal, title: str, text: str) -> Translation | None:
    """ "mỗi nội dung 1/2 * Điểm tối đa": a count of contents met, each worth its share."""
    for segment in segments:
        found = _EACH_SHARE.search(segment.folded)
        if not found:
            continue
        share = _segment_points(_Segment(segment.text, segment.folded, "", found.group(2)), maximum)
        if share is None or not 0 < share <= maximum:
            return None
        what = segment.text[found.start(1) : found.end(1)]
        label = f"Số {what} đạt ({title})"
        return Translation("halves", _count(label), f"per_item(count, {_points(share, maximum)}, max_points)")
    return None


def _shares(segments: list[_Segment], maximum: Decimal, title: str, text: str) -> Translation | None:
    """Levels worth a share of the maximum (a choice), or independent conditions each worth an equal
    share adding up to the maximum (a count of conditions met)."""
    scored = _scored(segments, maximum)
    if scored is None or len(scored) < 2 or not maximum:
        return None
    values = [value for _, value in scored]
    labels = [segment.label for segment, _ in scored]
    if any(not label or label == segment.text for label, (segment, _) in zip(labels, scored, strict=True)):
        return None  # a line without "label: points"
    if len(set(values)) == 1 and values[0] * len(values) == maximum and values[0] < maximum:
        label = "Số nội dung đạt: " + "; ".join(f"({i}) {lab}" for i, lab in enumerate(labels, start=1))
        rule = f"per_item(count, {_points(values[0], maximum)}, max_points)"
        return Translation("halves", _count(label), rule)
    if maximum not in values:
        return None  # levels name the full points; shares of something else are not a choice
    ids: list[str] = []
    levels = []
    for label, value in zip(labels, values, strict=True):
        level_id = slug(label)
        while level_id in ids:
            level_id += "-2"
        ids.append(level_id)
        levels.append({"id": level_id, "title": label, "fraction": value / maximum})
    indicator = {"kind": "choice", "label": title, "levels": levels}
    return Translation("levels", indicator, "fraction * max_points")


# --- Indicators ---------------------------------------------------------------------------------------


def _ratio(text: str, title: str) -> dict[str, Any]:
    """A ratio indicator, numerator and denominator named from "a = …" and "b = …" when the text
    defines them, else from the title."""
    found = {m.group(1): m.group(2).strip() for m in _DEFINITION.finditer(fold(text))}
    labels = {}
    folded = fold(text)
    for letter in ("a", "b"):
        if letter in found:
            at = folded.index(found[letter])
            label = text[at : at + len(found[letter])].strip()
            if label and "…" not in label and label != "...":
                labels[letter] = label
    numerator = labels.get("a", f"Tử số (a): {title}")
    denominator = labels.get("b", f"Mẫu số (b): {title}")
    return {"kind": "ratio", "numerator": numerator, "denominator": denominator}


def _count(label: str) -> dict[str, Any]:
    return {"kind": "count", "label": label}


def _number(label: str) -> dict[str, Any]:
    return {"kind": "number", "label": label}


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _points(value: Decimal, maximum: Decimal) -> str:
    return "max_points" if value == maximum else number_text(value)
