"""Reading a submission from its JSON shape: ``Submission.from_dict`` on the Bình Thuận 2019 forms.

Run by hand: ``.venv/bin/python benchmarks/bench_submission.py`` (``--rounds``, ``--repeat``). Times, in
process CPU time, interleaved, the previous ``from_dict`` (cattrs' detailed structuring, which gathers
every failure with its path, run on every form) against the current one (cattrs' hooks generated
without error gathering first, the detailed ones only when that fails), on the eight example forms of
``plugins/binhthuan/examples``, per form, against the target of issue 16 (20 µs a form). The previous
path is the detailed converter the current ``from_dict`` still falls back on, so both share today's
validators of units and answers.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cattrs
from timing import compare, report

from itcriteria import Submission, SubmissionError
from itcriteria._core import problems_from
from itcriteria.model import submission

FORMS = Path(__file__).parents[1] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
TARGET_MICROSECONDS = 20.0


def old_from_dict(data: Mapping[str, Any]) -> Submission:
    """``Submission.from_dict`` as it was before issue 16: the detailed converter on every form."""
    try:
        return submission._converter.structure(data, Submission)  # type: ignore[no-any-return]
    except cattrs.BaseValidationError as exc:
        raise SubmissionError(submission._unit_id(data), problems_from(exc)) from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--repeat", type=int, default=500, help="passes over the forms a round (default 500)")
    arguments = parser.parse_args()
    forms = json.loads(FORMS.read_text(encoding="utf-8"))
    assert all(old_from_dict(form) == Submission.from_dict(form) for form in forms)
    batch = forms * arguments.repeat

    def old() -> None:
        for form in batch:
            old_from_dict(form)

    def new() -> None:
        for form in batch:
            Submission.from_dict(form)

    times = compare({"from_dict before (detailed cattrs)": old, "from_dict now (fast hooks first)": new}, arguments.rounds)
    answers = sum(len(form["answers"]) for form in forms) / len(forms)
    print(
        f"Submission.from_dict on the {len(forms)} Bình Thuận 2019 example forms ({answers:.0f} answers each), "
        f"{len(batch):,} forms a round, {arguments.rounds} interleaved rounds, CPU time per form:"
    )
    print(report(times, unit="µs", per=len(batch), limit=TARGET_MICROSECONDS))


if __name__ == "__main__":
    main()
