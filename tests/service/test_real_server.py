"""The real thing: ``itcriteria serve`` as a subprocess on a free loopback port, hit by curl and httpx."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx

import itcriteria

FORM_FILE = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
LIMIT = 64 * 1024  # the server fixture's --max-body-size


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    program = shutil.which("curl")
    assert program, "the tests need curl (python3 dev.py test installs Debian's curl when run as root)"
    return subprocess.run(
        [program, "--silent", "--show-error", *args], capture_output=True, text=True, timeout=60
    )


def test_curl_scores_the_binh_thuan_2019_example_form(server: str, tmp_path: Path) -> None:
    """curl POSTs the example form to the real server, gets the library's total as text and the contract."""
    form: dict[str, Any] = json.loads(FORM_FILE.read_text("utf-8"))[0]
    body = tmp_path / "form.json"
    body.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    done = curl(
        "--fail-with-body", "-H", "Content-Type: application/json", "--data-binary", f"@{body}",
        f"{server}/v1/regimes/binhthuan-2019/score",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr + done.stdout
    data = json.loads(done.stdout)
    regime = itcriteria.get_regime("binhthuan-2019")
    assert data["scorecard"]["total"] == str(regime.score(form).total)
    assert data["contract"]["regime"]["content_hash"] == regime.content_hash
    assert data["contract"]["regime"]["plugin"] == "itcriteria-binhthuan"


def test_curl_sees_the_errors_of_the_real_server(server: str, tmp_path: Path) -> None:
    """Over real HTTP: 404 for a regime the --plugins selection left out, 413 over --max-body-size, 400."""
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"unit": {"id": "x" * LIMIT}}), encoding="utf-8")
    for args, status in [
        (["-X", "POST", "--data-binary", "{}", f"{server}/v1/regimes/vn-dti-2022/score"], 404),
        (
            [
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                f"@{big}",
                f"{server}/v1/regimes/binhthuan-2019/score",
            ],
            413,
        ),
        (
            [
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "{oops",
                f"{server}/v1/regimes/binhthuan-2019/score",
            ],
            400,
        ),
    ]:
        done = curl("-o", "/dev/null", "-w", "%{http_code}", *args)
        assert done.stdout == str(status), (args, done.stdout, done.stderr)


def test_httpx_against_the_real_process_two_workers_answer_in_both_languages(server: str) -> None:
    """httpx over loopback: the health, a regime listing in English, and many concurrent scorings all 200."""
    form = json.loads(FORM_FILE.read_text("utf-8"))[1]
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.get("/v1/health").json()["regimes"] == [
            "binhthuan-2018",
            "binhthuan-2019",
            "binhthuan-2020",
        ]
        english = client.get("/v1/regimes", params={"lang": "en", "province": "binhthuan"}).json()
        assert english["regimes"][1]["title"] == itcriteria.get_regime("binhthuan-2019").title.get("en")
        totals = {
            client.post("/v1/regimes/binhthuan-2019/score", json=form).json()["scorecard"]["total"]
            for _ in range(20)
        }
    assert totals == {str(itcriteria.get_regime("binhthuan-2019").score(form).total)}
