"""Builders of small regimes and forms in regime-file shape, shared by the tests."""

import copy
from typing import Any

import itcriteria

BASE: dict[str, Any] = {
    "id": "test-2019",
    "province": "test",
    "title": {"vi": "Bộ tiêu chí thử", "en": "Test set"},
    "status": "provisional",
    "legal_basis": [{"decision": "1/QĐ-UBND", "date": "2019-07-23"}],
    "effective": {"start": "2019-01-01", "end": "2019-12-31"},
    "groups": [{"id": "so", "title": "Sở, ngành"}, {"id": "huyen", "title": "UBND huyện"}],
    "bands": [
        {"id": "tot", "title": "Tốt", "min": 8},
        {"id": "kha", "title": "Khá", "min": 5, "below": 8},
        {"id": "yeu", "title": "Yếu", "below": 5},
    ],
}


def leaf(cid: str, max_points: Any, indicator: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A leaf criterion in regime-file shape."""
    return {
        "id": cid,
        "title": f"Tiêu chí {cid}",
        "max": max_points,
        "indicator": indicator,
        "source": "test",
        **extra,
    }


def ratio(**extra: Any) -> dict[str, Any]:
    return {"kind": "ratio", "numerator": "Tử số", "denominator": "Mẫu số", **extra}


def parent(cid: str, max_points: Any, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "title": f"Tiêu chí {cid}",
        "max": max_points,
        "source": "test",
        "children": list(children),
        **extra,
    }


def regime_data(*criteria: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """Plain regime-file data with the test defaults, ``criteria`` and any top-level overrides."""
    data = copy.deepcopy(BASE)
    data["criteria"] = list(criteria)
    data.update(overrides)
    return data


def build(*criteria: dict[str, Any], **overrides: Any) -> itcriteria.Regime:
    return itcriteria.regime_from_dict(regime_data(*criteria, **overrides))


def form(answers: dict[str, Any], group: str = "so", unit: str = "u1") -> dict[str, Any]:
    return {
        "unit": {"id": unit, "name": f"Đơn vị {unit}", "group": group},
        "period": "2019",
        "answers": answers,
    }
