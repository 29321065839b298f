"""The regime's consistency checks on a form just read, each answer named at its cell in the file."""

from __future__ import annotations

from ..model import Submission, answer_field
from ..regimes import ConsistencyWarning, Regime, consistency_warnings
from .sources import RawForm


def located_warnings(regime: Regime, form: Submission, raw: RawForm) -> tuple[ConsistencyWarning, ...]:
    """:func:`itcriteria.consistency_warnings` of ``form``, naming the cells of ``raw`` it came from."""
    if not regime.consistency:
        return ()
    where = {}
    for check in regime.consistency:
        for entry in check.fields:
            cid, field = answer_field(entry)
            cell = raw.answers.get(cid, {}).get(field)
            if cell is not None:
                where[cid, field] = cell.where
    return consistency_warnings(regime, form, where=where)
