"""Rounds from folders and globs: a round file's ``forms`` may hold globs matched inside its folder
(issue 17's rules hold for every match), a roster file, and the period the forms agree on."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from itcriteria.rounds import round_from_folder

EXAMPLES = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
FORMS: list[dict[str, Any]] = json.loads((EXAMPLES / "binhthuan-2019-forms.json").read_text("utf-8"))
BINHTHUAN = itcriteria.get_regime("binhthuan-2019")


def one_file_per_form(folder: Path, forms: list[dict[str, Any]] = FORMS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for form in forms:
        (folder / f"{form['unit']['id']}.json").write_text(json.dumps(form), encoding="utf-8")


def write_round(folder: Path, **data: Any) -> Path:
    path = folder / "round.json"
    path.write_text(json.dumps({"regime": "binhthuan-2019", **data}), encoding="utf-8")
    return path


def problems_of(path: Path, **options: Any) -> str:
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.load_round(path, **options)
    return str(caught.value)


def test_a_glob_reads_every_matching_form_but_not_the_round_file(tmp_path: Path) -> None:
    """``"*.json"`` beside the round file reads each form once, in name order, not round.json itself;
    without units the roster is the forms' units and the period the one they all state."""
    one_file_per_form(tmp_path)
    the_round = itcriteria.load_round(write_round(tmp_path, forms=["*.json"]))
    assert sorted(u.id for u in the_round.units) == sorted(f["unit"]["id"] for f in FORMS)
    assert the_round.period == "2019"
    assert len(the_round.run().cards) == len(FORMS)


def test_a_glob_matching_nothing_is_a_problem_naming_the_entry(tmp_path: Path) -> None:
    """A glob without a match is refused by its entry; so are globs leaving the folder."""
    text = problems_of(write_round(tmp_path, forms=["phieu/*.xlsx", "../*.json", "/etc/*"]))
    assert "forms[0]" in text and "'phieu/*.xlsx': no file in" in text
    assert "forms[1]" in text and "'..'" in text
    assert "forms[2]" in text and "absolute path" in text


def test_every_glob_match_is_confined_to_the_folder(tmp_path: Path) -> None:
    """A match that is a symbolic link out of the folder, or a FIFO, is refused unopened by name."""
    outside = tmp_path / "outside"
    one_file_per_form(outside, FORMS[:1])
    inside = tmp_path / "round"
    one_file_per_form(inside / "phieu", FORMS[1:2])
    (inside / "phieu" / "leak.json").symlink_to(outside / f"{FORMS[0]['unit']['id']}.json")
    os.mkfifo(inside / "phieu" / "pipe.json")
    text = problems_of(write_round(inside, forms=["phieu/*.json"]))
    assert "'phieu/leak.json': a symbolic link leading out" in text
    assert "phieu/pipe.json: not a regular file" in text


def test_a_roster_file_beside_the_round_gives_the_units(tmp_path: Path) -> None:
    """``"roster": "don-vi.csv"`` is read inside the folder; a unit without a form is not submitted."""
    one_file_per_form(tmp_path, FORMS[:2])
    rows = [f"{f['unit']['id']},{f['unit']['name']},{f['unit']['group']}" for f in FORMS[:3]]
    (tmp_path / "don-vi.csv").write_text("id,name,group\n" + "\n".join(rows), encoding="utf-8")
    result = itcriteria.load_round(write_round(tmp_path, forms=["*.json"], roster="don-vi.csv")).run()
    assert result.status(FORMS[2]["unit"]["id"]).status == "not_submitted"
    assert "'../x.csv': '..' leads out" in problems_of(write_round(tmp_path, forms=[], roster="../x.csv"))


def test_forms_of_different_periods_without_a_round_period_name_the_forms(tmp_path: Path) -> None:
    """Forms stating 2019 and 2018 with no period given: one problem naming the forms of each period;
    a period given settles it (and the form of the other period is the problem)."""
    forms = [FORMS[0], {**FORMS[1], "period": "2018"}]
    one_file_per_form(tmp_path, forms)
    text = problems_of(write_round(tmp_path, forms=["*.json"]))
    assert f"'2019' in {forms[0]['unit']['id']}.json; '2018' in {forms[1]['unit']['id']}.json" in text
    with pytest.raises(itcriteria.SubmissionError, match="the form is for period '2018'"):
        itcriteria.load_round(write_round(tmp_path, forms=["*.json"], period="2019")).run()


def test_skip_invalid_leaves_a_bad_form_out_and_lists_it(tmp_path: Path) -> None:
    """With skip_invalid a form with problems is in ``Round.skipped`` and the others are scored."""
    one_file_per_form(tmp_path, FORMS[:3])
    (tmp_path / "zz-broken.json").write_text('{"unit": {"id": "x"}}', encoding="utf-8")
    path = write_round(tmp_path, forms=["*.json"])
    assert "zz-broken.json" in problems_of(path)
    the_round = itcriteria.load_round(path, skip_invalid=True)
    assert [s.path for s in the_round.skipped] == [tmp_path / "zz-broken.json"]
    assert len(the_round.run().cards) == 3


def test_a_folder_of_forms_is_a_round_with_progress_reported(tmp_path: Path) -> None:
    """``round_from_folder`` reads every form of the folder, calling back after each; an empty folder
    is an error."""
    one_file_per_form(tmp_path, FORMS[:4])
    calls: list[tuple[str, int, int]] = []
    the_round = round_from_folder(BINHTHUAN, tmp_path, progress=lambda *call: calls.append(call))
    assert calls == [("reading", i, 4) for i in range(1, 5)]
    scored: list[tuple[str, int, int]] = []
    assert len(the_round.run(progress=lambda *call: scored.append(call)).cards) == 4
    assert scored[-1] == ("scoring", 8, 8)
    (tmp_path / "empty").mkdir()
    with pytest.raises(itcriteria.SubmissionError, match="no forms"):
        round_from_folder(BINHTHUAN, tmp_path / "empty")
