"""The HTTP API over httpx: every endpoint against the library it serves, languages, the contract."""

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from litestar import Litestar
from litestar.testing import TestClient

import itcriteria
from itcriteria.results.data import RANKING_FIELDS
from itcriteria.rounds import round_from_dict
from itcriteria.service import create_app

Client = TestClient[Litestar]
SCORE = "/v1/regimes/binhthuan-2019/score"


def no_floats(value: Any) -> bool:
    """True when no number in the JSON is a float (decimals travel as text)."""
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(no_floats(v) for v in value.values())
    if isinstance(value, list):
        return all(no_floats(v) for v in value)
    return True


def regime_contract(regime: itcriteria.Regime, plugin: str = "itcriteria-binhthuan") -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "id": regime.id,
        "status": regime.status,
        "plugin": plugin,
        "plugin_version": version(plugin),
        "content_hash": regime.content_hash,
    }


def test_health_lists_the_plugins_with_versions_and_the_regimes(client: Client) -> None:
    """GET /v1/health names every plugin loaded with its version, and the regimes installed."""
    data = client.get("/v1/health").json()
    assert data["status"] == "ok" and data["failures"] == []
    assert data["contract"] == {"itcriteria_version": itcriteria.__version__, "regime": None}
    assert data["regimes"] == sorted(info.id for info in itcriteria.list_regimes())
    plugins = {p["name"]: p["version"] for p in data["plugins"]}
    assert plugins["itcriteria"] == itcriteria.__version__ and "itcriteria-binhthuan" in plugins


def test_regimes_listing_is_what_list_regimes_shows_and_filters_by_province_and_day(client: Client) -> None:
    """GET /v1/regimes lists every regime with status, provenance, plugin and hash; ?province=&on= filters."""
    listed = client.get("/v1/regimes").json()["regimes"]
    assert [r["id"] for r in listed] == [info.id for info in itcriteria.list_regimes()]
    first = itcriteria.list_regimes()[0]
    assert listed[0]["plugin"] == first.plugin and listed[0]["content_hash"] == first.regime.content_hash
    assert listed[0]["legal_basis"][0]["decision"] == first.legal_basis[0].decision
    in_force = client.get("/v1/regimes", params={"province": "binhthuan", "on": "2019-09-15"}).json()
    assert [r["id"] for r in in_force["regimes"]] == ["binhthuan-2019"]
    english = client.get("/v1/regimes", params={"province": "binhthuan"}, headers={"Accept-Language": "en"})
    titles = {r["id"]: r["title"] for r in english.json()["regimes"]}
    assert titles["binhthuan-2019"] == itcriteria.get_regime("binhthuan-2019").title.get("en")


def test_a_regime_is_served_whole_as_its_file_data(client: Client, binhthuan: itcriteria.Regime) -> None:
    """GET /v1/regimes/{id} is the regime as data (criteria, rules, bands, groups, sources) and contract."""
    data = client.get("/v1/regimes/binhthuan-2019").json()
    expected = json.loads(json.dumps(itcriteria.regime_to_dict(binhthuan), default=str))
    assert data["regime_data"] == expected
    assert data["contract"]["regime"] == regime_contract(binhthuan)
    assert itcriteria.regime_from_dict(data["regime_data"]).content_hash == binhthuan.content_hash


def test_the_schema_of_a_group_is_the_librarys(client: Client, binhthuan: itcriteria.Regime) -> None:
    """GET /schema?group= gives exactly itcriteria.submission_schema(regime, group)."""
    for group in binhthuan.groups:
        data = client.get("/v1/regimes/binhthuan-2019/schema", params={"group": group.id}).json()
        assert data["schema"] == itcriteria.submission_schema(binhthuan, group.id)


def test_the_template_is_the_excel_form_with_the_contract_in_headers(
    client: Client, binhthuan: itcriteria.Regime, tmp_path: Path
) -> None:
    """GET /template?group=&lang= is the workbook the CLI writes, the contract in its headers."""
    response = client.get("/v1/regimes/binhthuan-2019/template", params={"group": "huyen", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["x-itcriteria-regime-hash"] == binhthuan.content_hash
    served = openpyxl.load_workbook(io.BytesIO(response.content))
    written = openpyxl.load_workbook(
        itcriteria.write_template(binhthuan, tmp_path / "form.xlsx", group="huyen", lang="en")
    )
    assert served.sheetnames == written.sheetnames
    for name in written.sheetnames:
        cells = [[c.value for c in row] for row in written[name].iter_rows()]
        assert [[c.value for c in row] for row in served[name].iter_rows()] == cells


def test_score_gives_the_librarys_scorecard_with_decimals_as_text(
    client: Client, binhthuan: itcriteria.Regime, forms: list[dict[str, Any]]
) -> None:
    """POST /score gives total, max, band and every node as the library scores it, numbers as strings."""
    response = client.post(SCORE, json=forms[0])
    assert response.status_code == 200
    data = response.json()
    card = binhthuan.score(forms[0])
    scorecard = data["scorecard"]
    assert scorecard["total"] == str(card.total) and scorecard["max_total"] == str(card.max_total)
    assert scorecard["band"]["id"] == (card.band.id if card.band else None)
    assert scorecard["regime"]["content_hash"] == binhthuan.content_hash
    assert data["contract"]["regime"] == regime_contract(binhthuan)
    assert no_floats(data)
    first = scorecard["criteria"][0]
    assert first["score"] == str(card.node(first["id"]).score) and "explanation" not in first["children"][0]
    assert scorecard["explanation_text"] is None
    assert response.headers["x-itcriteria-version"] == itcriteria.__version__


def without_explanations(node: dict[str, Any]) -> dict[str, Any]:
    """A scorecard node of ``?explain=true`` with the leaves' explanations taken out."""
    kept = {key: value for key, value in node.items() if key != "explanation"}
    if "children" in node:
        kept["children"] = [without_explanations(child) for child in node["children"]]
    return kept


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_scorecard_without_explain_is_the_explained_one_without_explaining(
    client: Client, forms: list[dict[str, Any]], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POST /score without ``explain`` gives every criterion's points and benchmark verdict as the
    explained scorecard does, without explaining a single leaf (the card keeps the verdicts)."""
    explained = [
        client.post(SCORE, params={"explain": "true", "lang": lang}, json=form).json()["scorecard"]
        for form in forms
    ]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a leaf was explained")

    monkeypatch.setattr("itcriteria.scoring.scorer.explain_leaf", refuse)
    for form, full in zip(forms, explained, strict=True):
        plain = client.post(SCORE, params={"lang": lang}, json=form).json()["scorecard"]
        assert plain["criteria"] == [without_explanations(node) for node in full["criteria"]]
        assert {**plain, "criteria": None} == {**full, "criteria": None, "explanation_text": None}


def test_explain_adds_each_leafs_explanation_and_the_text_in_the_language_asked(
    client: Client, binhthuan: itcriteria.Regime, forms: list[dict[str, Any]]
) -> None:
    """?explain=true adds the explanation tree; ?lang=en and Accept-Language: en give English titles."""
    card = binhthuan.score(forms[0])
    by_query = client.post(SCORE, params={"explain": "true", "lang": "en"}, json=forms[0]).json()["scorecard"]
    by_header = client.post(
        SCORE,
        params={"explain": "true"},
        json=forms[0],
        headers={"Accept-Language": "en-US,en;q=0.9,vi;q=0.5"},
    ).json()["scorecard"]
    assert by_query == by_header
    assert by_query["explanation_text"] == card.explain("en")
    leaf = by_query["criteria"][0]["children"][0]
    assert leaf["explanation"]["rule"] == card.explanation(leaf["id"]).rule
    assert leaf["title"] == binhthuan.criterion(leaf["id"]).title.get("en")
    vietnamese = client.post(SCORE, params={"explain": "true"}, json=forms[0]).json()["scorecard"]
    assert vietnamese["explanation_text"] == card.explain("vi")


def test_cohort_scores_and_ranks_under_the_regimes_policy(
    client: Client, binhthuan: itcriteria.Regime, forms: list[dict[str, Any]]
) -> None:
    """POST /cohort scores the forms together and ranks them under the regime's ranking policy."""
    data = client.post("/v1/regimes/binhthuan-2019/cohort", json={"forms": forms}).json()
    cards = binhthuan.score_all(forms)
    rows = itcriteria.rank(
        cards, policy=itcriteria.get_ranking_policy(binhthuan.ranking_policy), regime=binhthuan
    )
    assert data["policy"] == binhthuan.ranking_policy
    assert [s["total"] for s in data["scorecards"]] == [str(c.total) for c in cards]
    assert [(r["unit"], r["rank"], r["total"]) for r in data["ranking"]] == [
        (r.unit, r.rank, None if r.total is None else str(r.total)) for r in rows
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_ranking_rows_are_the_results_files_rows_less_the_status(client: Client, lang: str) -> None:
    """POST /v1/rank gives each row with the keys of a results file's ranking row, in its order, less
    the round's status (totals have no deadline), and the reason a unit is not ranked in ``lang``."""
    totals = [
        {"unit": "a", "group": "so-nganh", "total": "70"},
        {"unit": "b", "group": "so-nganh", "total": "60", "reason": "Nộp muộn"},
    ]
    body = {"regime": "binhthuan-2019", "totals": totals}
    ranking = client.post("/v1/rank", params={"lang": lang}, json=body).json()["ranking"]
    assert [list(row) for row in ranking] == [[key for key in RANKING_FIELDS if key != "status"]] * 2
    assert [(row["unit"], row["rank"], row["reason"]) for row in ranking] == [
        ("a", 1, None),
        ("b", None, "Nộp muộn"),
    ]


def test_rank_ranks_totals_from_elsewhere_under_a_policy(client: Client) -> None:
    """POST /v1/rank ranks totals (numbers or decimal text) under the policy given, ties sharing a rank."""
    totals = [
        {"unit": "a", "group": "so", "total": "7.25"},
        {"unit": "b", "group": "so", "total": 9},
        {"unit": "c", "group": "so", "total": "7.25"},
        {"unit": "d", "group": "so", "total": "1"},
    ]
    dense = client.post("/v1/rank", json={"policy": "dense", "totals": totals}).json()
    assert [(r["unit"], r["rank"], r["total"]) for r in dense["ranking"]] == [
        ("b", 1, "9"), ("a", 2, "7.25"), ("c", 2, "7.25"), ("d", 3, "1"),
    ]  # fmt: skip
    competition = client.post("/v1/rank", json={"policy": "competition", "totals": totals}).json()
    assert [r["rank"] for r in competition["ranking"]] == [1, 2, 2, 4]


def test_a_round_document_runs_as_the_library_runs_it(
    client: Client, round_document: dict[str, Any], binhthuan: itcriteria.Regime
) -> None:
    """POST /v1/rounds/run with inline forms gives the statuses, rankings, appraisal, gaps of Round.run()."""
    response = client.post("/v1/rounds/run", json=round_document)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    expected = round_from_dict(round_document, regime=binhthuan).run()
    assert [s["status"] for s in result["statuses"]] == [s.status for s in expected.statuses]
    assert [(r["unit"], r["rank"]) for r in result["ranking"]] == [(r.unit, r.rank) for r in expected.ranking]
    assert len(result["appraisal_differences"]) == len(expected.appraisal_differences())
    assert result["round"]["regime"]["content_hash"] == binhthuan.content_hash
    assert no_floats(result)


def test_a_round_naming_files_is_refused_and_no_file_is_read(
    client: Client, round_document: dict[str, Any], tmp_path: Path
) -> None:
    """A round whose forms name files (relative or absolute) gets 422 naming each; nothing is read."""
    secret = tmp_path / "forms.json"
    secret.write_text("[]", encoding="utf-8")
    document = {**round_document, "forms": [round_document["forms"][0], "forms.json", str(secret)]}
    response = client.post("/v1/rounds/run", json=document)
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert [p["where"] for p in problems] == ["forms[1]", "forms[2]"]
    assert all("inline" in p["message"] for p in problems)
    alone = client.post("/v1/rounds/run", json={**round_document, "forms": "forms.json"})
    assert alone.status_code == 422


def test_gaps_and_plan_of_one_form(
    client: Client, binhthuan: itcriteria.Regime, forms: list[dict[str, Any]]
) -> None:
    """POST /gaps lists what the form misses as itcriteria.gaps does; /plan reaches the target asked."""
    card = binhthuan.score(forms[1])
    gaps = client.post("/v1/regimes/binhthuan-2019/gaps", json=forms[1]).json()["gaps"]
    assert [g["criterion"] for g in gaps["gaps"]] == [g.id for g in itcriteria.gaps(card)]
    target = card.total + 2
    plan = client.post(
        "/v1/regimes/binhthuan-2019/plan", params={"target": str(target)}, json=forms[1]
    ).json()
    expected = itcriteria.plan_improvement(card, target)
    assert plan["plan"]["new_total"] == str(expected.new_total)
    assert [c["criterion"] for c in plan["plan"]["changes"]] == [c.id for c in expected.changes]
    assert Decimal(plan["plan"]["new_total"]) >= target


def test_a_filled_workbook_is_read_into_the_submission_json(
    client: Client, binhthuan: itcriteria.Regime, forms: list[dict[str, Any]], tmp_path: Path
) -> None:
    """POST /v1/forms/read with an uploaded filled xlsx gives the submission JSON the library reads."""
    from filling import Sheet, fill, first

    path = itcriteria.write_template(binhthuan, tmp_path / "form.xlsx", group=forms[0]["unit"]["group"])
    sheet = Sheet(path)
    fill(sheet, binhthuan, forms[0], "vi", first, fixed=True)
    sheet.workbook.save(path)
    response = client.post(
        "/v1/forms/read",
        params={"regime": "binhthuan-2019"},
        files={"file": ("phieu.xlsx", path.read_bytes())},
    )
    assert response.status_code == 200, response.text
    assert response.json()["submission"] == itcriteria.read_form(path, binhthuan).to_dict()
    scored = client.post(SCORE, json=response.json()["submission"]).json()["scorecard"]
    assert scored["total"] == str(binhthuan.score(forms[0]).total)


def test_an_uploaded_form_with_bad_cells_lists_every_problem_by_cell(
    client: Client, binhthuan: itcriteria.Regime, forms: list[dict[str, Any]], tmp_path: Path
) -> None:
    """A filled workbook with two bad answers gives 422 naming both cells' criteria; a .txt is refused."""
    from filling import Sheet, fill, first

    form = forms[0]
    path = itcriteria.write_template(binhthuan, tmp_path / "form.xlsx", group=form["unit"]["group"])
    sheet = Sheet(path)
    fill(sheet, binhthuan, form, "vi", first, fixed=True)
    ratios = [
        cid for cid, answer in form["answers"].items() if isinstance(answer, dict) and "numerator" in answer
    ]
    for cid in ratios[:2]:
        sheet.input(cid, "numerator").value = "nhiều"
    sheet.workbook.save(path)
    response = client.post(
        "/v1/forms/read",
        params={"regime": "binhthuan-2019"},
        files={"file": ("phieu.xlsx", path.read_bytes())},
    )
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert {p["criterion"] for p in problems} >= set(ratios[:2])
    assert all("!" in p["where"] for p in problems if p["criterion"] in ratios[:2])  # sheet!cell
    text = client.post("/v1/forms/read", params={"regime": "binhthuan-2019"}, files={"file": ("a.txt", b"x")})
    assert text.status_code == 422


def test_an_app_over_chosen_plugins_serves_only_their_regimes() -> None:
    """create_app(plugins=["vn"]) serves the vn regimes alone; others are 404 listing what is installed."""
    with TestClient(create_app(plugins=["vn"])) as only_vn:
        assert only_vn.get("/v1/health").json()["regimes"] == ["vn-dti-2022"]
        missing = only_vn.get("/v1/regimes/binhthuan-2019")
        assert missing.status_code == 404 and missing.json()["error"]["installed"] == ["vn-dti-2022"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_docs_page_lists_every_operation(client: Client, lang: str) -> None:
    """GET /docs is a page (no outside script) naming every path of the OpenAPI document."""
    page = client.get("/docs", headers={"Accept-Language": lang}).text
    document = client.get("/openapi.json").json()
    assert "<script" not in page and all(path in page for path in document["paths"])


def test_a_round_is_published_as_its_annex(client: Any, round_document: dict[str, Any]) -> None:
    """POST /v1/rounds/publish answers a round document with the annex as a PDF (every ranked unit and
    the decision in its text) or one HTML file, carrying the contract; a form named by its file is
    refused as in /rounds/run (issue 14)."""
    from pypdf import PdfReader

    query = {"decision": "3346/QĐ-UBND", "date": "03/12/2019"}
    response = client.post("/v1/rounds/publish", json=round_document, params=query)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-itcriteria-regime-hash"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    examples = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
    result = itcriteria.load_round(examples / "binhthuan-2019-round.json").run()
    ranked = [row for row in result.ranking if row.rank is not None]
    assert ranked and all(result.status(row.unit).unit.name.split()[-1] in text for row in ranked)
    assert "3346/QĐ-UBND" in text
    html = client.post("/v1/rounds/publish", json=round_document, params={"format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<table" in html.text
    named = client.post("/v1/rounds/publish", json={**round_document, "forms": ["forms.json"]})
    assert named.status_code == 422
    bad_date = client.post("/v1/rounds/publish", json=round_document, params={"date": "31/02/2019"})
    assert bad_date.status_code == 422
