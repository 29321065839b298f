"""``itcriteria score|rank|round --json``: one request on stdin, the HTTP endpoint's response on stdout."""

import json
import subprocess
import sys
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]


def run(*args: str, stdin: bytes) -> tuple[int, dict[str, Any]]:
    """Run the command line as a host's proc_open would: the exit code and the JSON it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "itcriteria", *args], input=stdin, capture_output=True, timeout=120
    )
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1, done.stdout + done.stderr  # one response, one line
    return done.returncode, json.loads(lines[0])


def test_score_json_is_the_score_endpoints_response(client: Client, forms: list[dict[str, Any]]) -> None:
    """score --json with a form on stdin prints exactly what POST /score answers; --explain and --lang too."""
    body = json.dumps(forms[0]).encode()
    code, printed = run("score", "--json", "--regime", "binhthuan-2019", stdin=body)
    assert code == 0
    assert printed == client.post("/v1/regimes/binhthuan-2019/score", content=body).json()
    code, explained = run("score", "--json", "--explain", "--lang", "en", stdin=body)  # regime from the form
    assert code == 0
    expected = client.post(
        "/v1/regimes/binhthuan-2019/score", params={"explain": "true", "lang": "en"}, content=body
    )
    assert explained == expected.json()


def test_score_json_of_many_forms_is_the_cohort_endpoints_response(
    client: Client, forms: list[dict[str, Any]]
) -> None:
    """score --json with {"forms": [...]} prints what POST /cohort answers: scorecards and ranking."""
    body = json.dumps({"forms": forms}).encode()
    code, printed = run("score", "--json", "--regime", "binhthuan-2019", stdin=body)
    assert code == 0 and printed == client.post("/v1/regimes/binhthuan-2019/cohort", content=body).json()


def test_rank_and_round_json_are_their_endpoints_responses(
    client: Client, round_document: dict[str, Any]
) -> None:
    """rank --json and round --json print what POST /v1/rank and /v1/rounds/run answer."""
    totals = json.dumps({"regime": "binhthuan-2019", "totals": [
        {"unit": "a", "group": "huyen", "total": "71.5", "max": "100"},
        {"unit": "b", "group": "huyen", "total": "80", "max": "100"},
    ]}).encode()  # fmt: skip
    code, printed = run("rank", "--json", stdin=totals)
    assert code == 0 and printed == client.post("/v1/rank", content=totals).json()
    round_body = json.dumps(round_document).encode()
    code, printed = run("round", "--json", "--lang", "en", stdin=round_body)
    assert code == 0 and printed == client.post("/v1/rounds/run?lang=en", content=round_body).json()


@pytest.mark.parametrize(
    ("args", "stdin", "status"),
    [
        (("score", "--json", "--regime", "binhthuan-2019"), b"{not json", 400),
        (("score", "--json", "--regime", "nowhere-1999"), b"{}", 404),
        (
            ("score", "--json", "--regime", "binhthuan-2019"),
            b'{"unit": {"id": "x"}, "answers": {"9.9": 1}}',
            422,
        ),
        (("rank", "--json"), b'{"totals": []}', 422),
        (("round", "--json"), b'{"regime": "binhthuan-2019", "units": [], "forms": ["forms.json"]}', 422),
    ],
)
def test_refusals_print_the_http_error_shape_and_exit_1(
    client: Client, args: tuple[str, ...], stdin: bytes, status: int
) -> None:
    """A refused request exits 1 and prints the error the HTTP endpoint gives, its status included."""
    code, printed = run(*args, stdin=stdin)
    assert code == 1 and printed["error"]["status"] == status
    path = {"score": f"/v1/regimes/{args[-1]}/score", "rank": "/v1/rank", "round": "/v1/rounds/run"}[args[0]]
    over_http = client.post(path, content=stdin, headers={"content-type": "application/json"})
    assert over_http.status_code == status and over_http.json() == printed


def test_score_json_without_a_regime_is_refused_and_bad_usage_exits_2() -> None:
    """A form naming no regime, without --regime, is a 422; a round with neither FILE nor --json exits 2."""
    code, printed = run(
        "score", "--json", stdin=b'{"unit": {"id": "x", "name": "x", "group": "huyen"}, "answers": {}}'
    )
    assert code == 1 and printed["error"]["problems"][0]["field"] == "regime"
    assert subprocess.run([sys.executable, "-m", "itcriteria", "round"], capture_output=True).returncode == 2
