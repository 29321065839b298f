"""The service's JSON without a server: one request on stdin, one response on stdout.

``itcriteria score --json`` (one form, or ``{"forms": [...]}`` for a cohort), ``rank --json`` and
``round --json`` write exactly what the HTTP endpoints answer, errors included. Exit codes: 0 the
response; 1 a refusal (its ``error.status`` is the HTTP status the server would give: 400 not JSON,
404 unknown regime, 413 too large, 422 every problem); 2 bad usage of the command line.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any, Literal

import itcriteria

from ._operations import Lang, Service, ServiceError, parse_json

Command = Literal["score", "rank", "round"]
#: The most stdin read, as the server's default body limit.
MAX_INPUT = 10 * 1024 * 1024


def run_json(
    command: Command,
    *,
    regime: str | None = None,
    explain: bool = False,
    lang: Lang = "vi",
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Answer one request read from ``stdin`` on ``stdout``; return the exit code."""
    source = stdin if stdin is not None else sys.stdin.buffer
    out = stdout if stdout is not None else sys.stdout
    service = Service(itcriteria.load_plugins())
    try:
        raw = source.read(MAX_INPUT + 1)
        if len(raw) > MAX_INPUT:
            raise ServiceError(413, "too_large", f"the request on stdin is over {MAX_INPUT} bytes")
        response = _answer(service, command, parse_json(raw), regime, explain, lang)
        code = 0
    except ServiceError as err:
        response, code = service.error(err), 1
    out.write(json.dumps(response, ensure_ascii=False) + "\n")
    out.flush()
    return code


def _answer(
    service: Service, command: Command, body: object, regime: str | None, explain: bool, lang: Lang
) -> dict[str, Any]:
    if command == "rank":
        return service.rank(body, lang)
    if command == "round":
        return service.run_round(body, lang)
    regime_id = regime or (body.get("regime") if isinstance(body, dict) and "forms" not in body else None)
    if regime_id is None and isinstance(body, dict) and isinstance(body.get("forms"), list) and body["forms"]:
        first = body["forms"][0]
        regime_id = first.get("regime") if isinstance(first, dict) else None
    if not isinstance(regime_id, str):
        problem = itcriteria.Problem("regime", "give --regime, or the regime id in the form", field="regime")
        raise ServiceError(422, "invalid", "score: which regime?", (problem,))
    if isinstance(body, dict) and "forms" in body:
        return service.cohort(regime_id, body, lang, explain)
    return service.score(regime_id, body, lang, explain)
