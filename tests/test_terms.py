"""One catalogue of official terms: the label tables of the results files, the published annex and the
annex tables take shared headings from ``itcriteria._core.terms`` instead of spelling them again."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

import itcriteria
from itcriteria._core import formats, terms
from itcriteria.annex import _writer as annex_writer
from itcriteria.publish import _annex as publish_annex
from itcriteria.publish import _charts as publish_charts
from itcriteria.results import labels as results_labels
from itcriteria.rounds import REPORT_LABELS
from itcriteria.scoring import EXPLAIN_LABELS

SRC = Path(itcriteria.__file__).parent
TABLE_MODULES = ("results/labels.py", "publish/_annex.py", "publish/_charts.py", "annex/_writer.py")


def vi_terms_by_module() -> dict[str, set[str]]:
    """Each module's own Vietnamese labels, casefolded (labels results takes from the round report and
    the explanations are theirs, not results')."""
    borrowed = {text.vi for text in REPORT_LABELS.values()} | set(EXPLAIN_LABELS["vi"].values())
    return {
        "results": {t.vi.casefold() for t in results_labels.LABELS.values() if t.vi not in borrowed},
        "publish": {t.vi.casefold() for t in (*publish_annex._L.values(), *publish_charts._L.values())},
        "annex": {h.casefold() for h in annex_writer.HEADER},
    }


def test_a_term_used_by_two_outputs_comes_from_the_catalogue() -> None:
    """A Vietnamese label found in the tables of two outputs is one of the catalogue's headings."""
    catalogue = {vi.casefold() for vi, _ in terms.HEADINGS.values()}
    found: dict[str, set[str]] = defaultdict(set)
    for module, labels in vi_terms_by_module().items():
        for label in labels:
            found[label].add(module)
    shared = {label for label, modules in found.items() if len(modules) > 1}
    assert shared and shared <= catalogue, sorted(shared - catalogue)


@pytest.mark.parametrize("module", TABLE_MODULES)
def test_no_label_table_spells_a_catalogue_heading(module: str) -> None:
    """The catalogue's headings are looked up, never written out again as a string in a label table."""
    source = (SRC / module).read_text(encoding="utf-8")
    spelled = [vi for vi, _ in terms.HEADINGS.values() if f'"{vi}"' in source]
    assert spelled == []


def test_headings_are_given_in_both_languages() -> None:
    """Every heading has its Vietnamese and English text, and ``heading`` refuses another language."""
    assert all(vi and en for vi, en in terms.HEADINGS.values())
    assert (terms.heading("max", "vi"), terms.heading("max", "en")) == ("Điểm tối đa", "Max")
    with pytest.raises(itcriteria.ArgumentError):
        terms.heading("max", "fr")


def test_one_interval_writer_serves_the_book_and_the_diff() -> None:
    """A band's interval is written once, numbers in the language, an open side left out."""
    assert formats.interval(Decimal("66.67"), Decimal(85), "vi") == "66,67 ≤ x < 85"
    assert formats.interval(Decimal("66.67"), None, "en", "%") == "66.67% ≤ x"
    assert formats.interval(None, Decimal(50), "vi", "%") == "x < 50%"
