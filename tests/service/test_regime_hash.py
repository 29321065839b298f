"""The content hash of a regime (the library's side of the service's contract): what it covers, where."""

import json
from decimal import Decimal
from pathlib import Path

import attrs

import itcriteria
from builders import build, leaf, ratio, regime_data

ROUND = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"


def test_equal_regimes_have_equal_hashes_and_a_changed_maximum_changes_it() -> None:
    """Two regimes built from the same data share a hash; changing one criterion's maximum changes it."""
    one = build(leaf("1.1", 10, ratio()))
    again = itcriteria.regime_from_dict(itcriteria.regime_to_dict(one))
    changed = build(leaf("1.1", 9, ratio()))
    assert one.content_hash == again.content_hash
    assert one.content_hash != changed.content_hash
    assert one.content_hash.startswith("sha256:") and len(one.content_hash) == len("sha256:") + 64


def test_the_hash_covers_rules_and_titles_not_only_numbers() -> None:
    """A changed rule or a changed English title gives another hash, so a host sees any change of text."""
    base = build(leaf("1.1", 10, ratio()))
    ruled = build(leaf("1.1", 10, ratio(), rule="max_points if ratio >= 0.5 else 0"))
    retitled = itcriteria.regime_from_dict(
        regime_data(leaf("1.1", 10, ratio()), title={"vi": "Bộ tiêu chí thử", "en": "Other"})
    )
    assert len({base.content_hash, ruled.content_hash, retitled.content_hash}) == 3


def test_scorecards_results_files_and_round_results_carry_the_hash(tmp_path: Path) -> None:
    """A scorecard's data, a results JSON file and a round's results all name the regime's content hash."""
    result = itcriteria.load_round(ROUND).run()
    expected = result.regime.content_hash
    card = next(iter(result.cards.values()))
    assert card.to_dict()["regime"]["content_hash"] == expected
    out = tmp_path / "results.json"
    itcriteria.write_results(result, out)
    data = json.loads(out.read_text("utf-8"))
    assert data["round"]["regime"]["content_hash"] == expected
    assert {c["regime"]["content_hash"] for c in data["cards"].values()} == {expected}
    ranking = tmp_path / "ranking.json"
    rows = itcriteria.rank([{"unit": "a", "group": "so-nganh", "total": Decimal(1)}], regime=result.regime)
    itcriteria.write_ranking(rows, result.regime, ranking)
    assert json.loads(ranking.read_text("utf-8"))["regime"]["content_hash"] == expected


def test_the_hash_does_not_depend_on_rule_functions_in_scope() -> None:
    """Plugin functions are code, not data: a regime evolved with other functions keeps its hash."""
    regime = build(leaf("1.1", 10, ratio()))
    assert attrs.evolve(regime, functions={}).content_hash == regime.content_hash
