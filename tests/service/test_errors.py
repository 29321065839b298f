"""Refusals: 422 with every problem, 404 listing what is installed, 413 over the limit, 400 for bad JSON."""

import copy
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

import itcriteria

Client = TestClient[Litestar]
SCORE = "/v1/regimes/binhthuan-2019/score"


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    data: dict[str, Any] = response.json()
    assert data["contract"]["itcriteria_version"] == itcriteria.__version__
    assert data["error"]["status"] == status
    return data["error"]


def test_a_bad_form_gets_422_with_every_problem_by_criterion_and_field(
    client: Client, forms: list[dict[str, Any]], binhthuan: itcriteria.Regime
) -> None:
    """Two bad answers and an unknown criterion give one 422 naming all three, as SubmissionError does."""
    form = copy.deepcopy(forms[0])
    ratios = [cid for cid, a in form["answers"].items() if isinstance(a, dict) and "numerator" in a]
    form["answers"][ratios[0]]["numerator"] = "nhiều"
    form["answers"][ratios[1]]["denominator"] = -3
    form["answers"]["99.9"] = 1
    error = error_of(client.post(SCORE, json=form), 422)
    with pytest.raises(itcriteria.SubmissionError) as raised:
        binhthuan.score(form)
    expected = [
        {"where": p.where, "criterion": p.criterion, "field": p.field, "message": p.message}
        for p in raised.value.problems
    ]
    assert error["problems"] == expected and len(expected) >= 3
    assert {p["criterion"] for p in error["problems"]} >= {ratios[0], ratios[1]}
    assert {p["field"] for p in error["problems"] if p["criterion"] == ratios[0]} == {"numerator"}
    assert error_of(client.post(SCORE, json=form), 422)["code"] == "invalid"


def test_an_unknown_regime_is_404_listing_the_installed_ones(
    client: Client, forms: list[dict[str, Any]]
) -> None:
    """Every endpoint about a regime answers 404 for an unknown id, with the ids installed."""
    installed = sorted(info.id for info in itcriteria.list_regimes())
    for method, path, body in [
        ("GET", "/v1/regimes/nowhere-1999", None),
        ("GET", "/v1/regimes/nowhere-1999/schema", None),
        ("GET", "/v1/regimes/nowhere-1999/template", None),
        ("POST", "/v1/regimes/nowhere-1999/score", forms[0]),
        ("POST", "/v1/regimes/nowhere-1999/cohort", {"forms": forms}),
        ("POST", "/v1/regimes/nowhere-1999/gaps", forms[0]),
        ("POST", "/v1/regimes/nowhere-1999/plan", forms[0]),
        ("POST", "/v1/rank", {"regime": "nowhere-1999", "totals": [{"unit": "a", "group": "g", "total": 1}]}),
        ("POST", "/v1/rounds/run", {"regime": "nowhere-1999", "units": []}),
    ]:
        error = error_of(client.request(method, path, json=body), 404)
        assert error["installed"] == installed and "nowhere-1999" in error["message"]


def test_a_body_over_the_limit_is_413(client: Client, forms: list[dict[str, Any]], body_limit: int) -> None:
    """A body over the app's limit is refused with 413 before it is read, announced or streamed."""
    form = copy.deepcopy(forms[0])
    form["unit"]["name"] = "x" * (body_limit + 1)
    error = error_of(client.post(SCORE, json=form), 413)
    assert error["code"] == "too_large"
    chunks = (b" " * 65536 for _ in range(body_limit // 65536 + 2))  # streamed, no content-length
    error_of(client.post(SCORE, content=chunks, headers={"content-type": "application/json"}), 413)


@pytest.mark.parametrize(
    "body", [b"{", b"{'unit': 1}", b"\xff\xfe", b"[1, 2", b"NaN", b"", b'{"x": 1e99999999999999999999999}']
)
def test_malformed_json_is_400(client: Client, body: bytes) -> None:
    """A body that is not JSON (or not UTF-8, or NaN, or a number whose exponent no Decimal holds) is
    400 with the code malformed_json."""
    error = error_of(client.post(SCORE, content=body, headers={"content-type": "application/json"}), 400)
    assert error["code"] == "malformed_json"


@pytest.mark.parametrize("body", ["[]", "3", "null", '"form"', '{"unit": 5, "answers": []}'])
def test_json_that_is_not_a_form_is_422(client: Client, body: str) -> None:
    """Valid JSON of the wrong shape is 422 with at least one problem, never a 500."""
    error = error_of(client.post(SCORE, content=body, headers={"content-type": "application/json"}), 422)
    assert error["problems"]


def test_bad_parameters_are_400_in_the_same_error_shape(client: Client) -> None:
    """A date that is not a date or a language not offered is 400 naming the parameter."""
    error = error_of(client.get("/v1/regimes", params={"on": "15/09/2019x"}), 400)
    assert [p["field"] for p in error["problems"]] == ["on"]
    error_of(client.get("/v1/regimes", params={"lang": "fr"}), 400)


def test_an_unknown_group_or_target_is_422(client: Client, forms: list[dict[str, Any]]) -> None:
    """An unknown unit group for the schema and a target that is not a number are 422 naming the field."""
    schema = error_of(client.get("/v1/regimes/binhthuan-2019/schema", params={"group": "xa"}), 422)
    assert schema["problems"][0]["field"] == "group" and "huyen" in schema["problems"][0]["message"]
    plan = error_of(
        client.post("/v1/regimes/binhthuan-2019/plan", params={"target": "lots"}, json=forms[0]), 422
    )
    assert plan["problems"][0]["field"] == "target"


def test_bad_totals_list_every_problem(client: Client) -> None:
    """Totals with a missing unit, a total that is not a number and an unknown field: all three named."""
    totals = [
        {"group": "so", "total": 1},
        {"unit": "b", "group": "so", "total": "many"},
        {"unit": "c", "group": "so", "total": 2, "x": 1},
    ]
    error = error_of(client.post("/v1/rank", json={"policy": "dense", "totals": totals}), 422)
    assert [p["where"] for p in error["problems"]] == ["totals[0].unit", "totals[1].total", "totals[2].x"]
    unknown = error_of(client.post("/v1/rank", json={"policy": "nope", "totals": totals[2:]}), 422)
    assert unknown["problems"]


def test_a_broken_installed_regime_is_served_as_not_installed(tmp_path: Any) -> None:
    """A regime whose rule does not compile (found when it is first used) is left out of /v1/regimes, its
    lookups are a 404 saying it is broken and why, and /v1/health lists it; the sound one is served."""
    from pathlib import Path

    from itcriteria.service import create_app

    text = (Path(itcriteria.__file__).parent / "examples" / "example-2019.toml").read_text("utf-8")
    sound, broken = tmp_path / "sound.toml", tmp_path / "broken.toml"
    sound.write_text(text, encoding="utf-8")
    broken_text = text.replace('id = "example-2019"', 'id = "broken-2019"', 1)
    broken.write_text(broken_text.replace('"ratio * max_points"', '"ratio * nowhere"', 1), encoding="utf-8")

    class Host:
        @itcriteria.hookimpl
        def register_regimes(self, register: Any) -> None:
            register(sound)
            register(broken)

    registry = itcriteria.load_plugins([], extra=[("host", Host())])
    with TestClient(create_app(registry=registry), base_url="http://127.0.0.1") as client:
        error = error_of(client.get("/v1/regimes/broken-2019"), 404)
        assert "installed but broken" in error["message"] and "nowhere" in error["message"]
        assert error["installed"] == ["example-2019"]
        listed = client.get("/v1/regimes").json()["regimes"]
        assert [r["id"] for r in listed] == ["example-2019"]
        health = client.get("/v1/health").json()
        assert health["regimes"] == ["example-2019"]
        (failure,) = health["failures"]
        assert "broken-2019" in failure and "nowhere" in failure
