"""The HTTP JSON API: a Litestar app from :func:`create_app`, served by ``itcriteria serve``.

Litestar was chosen because it generates OpenAPI 3.1 from Python types (TypedDicts, attrs classes,
msgspec structs) and is built on msgspec, which it also uses here to describe the request envelopes;
it is an ASGI app a host can mount in its own server.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Annotated, Any, Literal

from litestar import Litestar, Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Parameter

import itcriteria

from . import _schemas as shapes
from ._operations import Lang, Service, ServiceError

#: The default limit of a request body: a round of a whole province fits many times over.
DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024
JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LangParameter = Annotated[
    Lang | None,
    Parameter(description="vi (default) or en; else the Accept-Language header decides"),
]
RegimeId = Annotated[str, Parameter(description="an installed regime id, e.g. binhthuan-2019")]

_ERRORS = {
    400: "Malformed JSON or parameters",
    404: "Unknown regime (the error lists the regimes installed) or path",
    413: "Request body over the limit",
    422: "Every problem of the request: criterion id, field, message",
}


def _errors(*statuses: int) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(shapes.ErrorResponse, description=_ERRORS[status], generate_examples=False)
        for status in (400, *statuses)
    }


def choose_lang(request: Request[Any, Any, Any], lang: Lang | None) -> Lang:
    """``?lang=`` when given, else the first of vi or en in Accept-Language (by q), else vi."""
    if lang is not None:
        return lang
    best: tuple[float, int, Lang] | None = None
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("vi", "en"):
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0 and (best is None or (-quality, position) < (best[0], best[1])):
            best = (-quality, position, "en" if primary == "en" else "vi")
    return best[2] if best is not None else "vi"


def create_app(
    plugins: Iterable[str] | None = None,
    *,
    registry: itcriteria.Registry | None = None,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    debug: bool = False,
) -> Litestar:
    """The ASGI app of the service over the installed plugins (those named in ``plugins``, or else in
    ``$ITCRITERIA_PLUGINS``; or the ``registry`` given), refusing bodies over ``max_body_size`` bytes.

    A host may mount it in its own ASGI server; ``itcriteria serve`` runs it with uvicorn.
    """
    service = Service(registry if registry is not None else itcriteria.load_plugins(plugins))

    async def body_of(request: Request[Any, Any, Any]) -> object:
        from ._operations import parse_json

        return parse_json(await request.body())

    @get("/health", operation_id="health", summary="Health and what is installed")
    async def health() -> shapes.HealthResponse:
        """Status, the plugins loaded with their versions, the regimes installed, plugins that failed."""
        return service.health()  # type: ignore[return-value]

    @get("/regimes", operation_id="list_regimes", summary="Installed regimes", responses=_errors())
    async def list_regimes(
        request: Request[Any, Any, Any],
        lang: LangParameter = None,
        province: Annotated[str | None, Parameter(description="only this province (e.g. binhthuan)")] = None,
        on: Annotated[dt.date | None, Parameter(description="only regimes in force on this day")] = None,
    ) -> shapes.RegimeListResponse:
        """What ``itcriteria.list_regimes()`` shows: status, period in force, legal basis, plugin, hash."""
        return service.list_regimes(province, on, choose_lang(request, lang))  # type: ignore[return-value]

    @get("/regimes/{regime_id:str}", operation_id="get_regime", summary="A regime", responses=_errors(404))
    async def regime_detail(regime_id: RegimeId) -> shapes.RegimeResponse:
        """The whole regime as data: criteria, max, indicators, rules, benchmarks, bands, groups, sources."""
        return service.regime_detail(regime_id)  # type: ignore[return-value]

    @get(
        "/regimes/{regime_id:str}/schema",
        operation_id="get_schema",
        summary="The exact form of a group",
        responses=_errors(404, 422),
    )
    async def schema(
        regime_id: RegimeId,
        group: Annotated[str | None, Parameter(description="a unit group id of the regime")] = None,
    ) -> shapes.SchemaResponse:
        """``itcriteria.submission_schema(regime, group)``: the JSON Schema of the form."""
        return service.schema(regime_id, group)  # type: ignore[return-value]

    @get(
        "/regimes/{regime_id:str}/template",
        operation_id="get_template",
        summary="The Excel form",
        media_type=XLSX_TYPE,
        responses=_errors(404, 422),
    )
    async def template(
        request: Request[Any, Any, Any],
        regime_id: RegimeId,
        group: Annotated[str | None, Parameter(description="a unit group id of the regime")] = None,
        lang: LangParameter = None,
    ) -> Response[bytes]:
        """The self-assessment workbook, as ``itcriteria template`` writes it (headers carry the contract)."""
        regime, content, name = service.template(regime_id, group, choose_lang(request, lang))
        headers = {
            "content-disposition": f'attachment; filename="{name}"',
            **contract_headers(service, regime),
        }
        return Response(content, media_type=XLSX_TYPE, headers=headers)

    def posted(path: str, operation_id: str, summary: str, **more: Any) -> post:
        """A POST route that answers 200, or 404, 413 or 422 with the error document."""
        return post(
            path,
            operation_id=operation_id,
            summary=summary,
            status_code=200,
            responses=_errors(404, 413, 422),
            **more,
        )

    def submission_handler(
        path: str, operation_id: str, summary: str, response: type, run: Callable[..., dict[str, Any]]
    ) -> Any:
        async def handler(
            request: Request[Any, Any, Any],
            regime_id: RegimeId,
            lang: LangParameter = None,
            explain: Annotated[bool, Parameter(description="add each sub-criterion's explanation")] = False,
        ) -> Any:
            return run(regime_id, await body_of(request), choose_lang(request, lang), explain)

        handler.__annotations__["return"] = response
        handler.__doc__ = run.__doc__
        return posted(path, operation_id, summary)(handler)

    score = submission_handler(
        "/regimes/{regime_id:str}/score", "score", "Score one form", shapes.ScoreResponse, service.score
    )
    cohort = submission_handler(
        "/regimes/{regime_id:str}/cohort",
        "cohort",
        "Score and rank many forms",
        shapes.CohortResponse,
        service.cohort,
    )

    @posted("/regimes/{regime_id:str}/gaps", "gaps", "What a form misses")
    async def gaps(
        request: Request[Any, Any, Any], regime_id: RegimeId, lang: LangParameter = None
    ) -> shapes.GapsResponse:
        """Sub-criteria below benchmark or short of full points, most points lost first, and what it takes."""
        return service.gaps(regime_id, await body_of(request), choose_lang(request, lang))  # type: ignore[return-value]

    @posted("/regimes/{regime_id:str}/plan", "plan", "Plan to reach a target")
    async def plan(
        request: Request[Any, Any, Any],
        regime_id: RegimeId,
        lang: LangParameter = None,
        target: Annotated[
            str | None, Parameter(description="the total to reach (default: the next band)")
        ] = None,
    ) -> shapes.PlanResponse:
        """The fewest, smallest changes of the form's answers that reach the target or the next band."""
        return service.plan(regime_id, await body_of(request), choose_lang(request, lang), target)  # type: ignore[return-value]

    @posted("/rank", "rank", "Rank totals")
    async def rank(request: Request[Any, Any, Any], lang: LangParameter = None) -> shapes.RankResponse:
        """Totals computed elsewhere, ranked under a policy or the policy of a regime."""
        return service.rank(await body_of(request), choose_lang(request, lang))  # type: ignore[return-value]

    @posted("/rounds/run", "run_round", "Run a round")
    async def run_round(request: Request[Any, Any, Any], lang: LangParameter = None) -> shapes.RoundResponse:
        """A round document with its forms inline: statuses, rankings, appraisal, movements and gaps."""
        return service.run_round(await body_of(request), choose_lang(request, lang))  # type: ignore[return-value]

    @posted(
        "/rounds/publish", "publish_round", "Publish a round's results annex", media_type="application/pdf"
    )
    async def publish_round(
        request: Request[Any, Any, Any],
        lang: LangParameter = None,
        format: Annotated[
            Literal["pdf", "html"], Parameter(description="a PDF (A4, PDF/A-2b) or one HTML file")
        ] = "pdf",
        decision: Annotated[str | None, Parameter(description="the results decision's number")] = None,
        date: Annotated[str | None, Parameter(description="the decision's date, dd/mm/yyyy")] = None,
        signer: Annotated[str | None, Parameter(description="who signs the decision")] = None,
    ) -> Response[bytes]:
        """A round document with its forms inline, published as ``itcriteria publish`` writes it: the
        results decision's annex with a table per unit group, the units not ranked and why, the gaps
        appendix and the charts (headers carry the contract)."""
        body = await body_of(request)
        regime, content = service.publish_round(
            body, choose_lang(request, lang), format, decision, date, signer
        )
        media = "application/pdf" if format == "pdf" else "text/html; charset=utf-8"
        headers = {
            "content-disposition": f'attachment; filename="ket-qua.{format}"',
            **contract_headers(service, regime),
        }
        return Response(content, media_type=media, headers=headers)

    @posted("/forms/read", "read_form", "Read a filled form")
    async def read_form(
        request: Request[Any, Any, Any],
        regime: Annotated[str, Parameter(description="the regime the form belongs to")],
    ) -> shapes.FormResponse:
        """An uploaded filled form (multipart field ``file``: xlsx, csv, json) as submission JSON, or
        every problem by sheet!cell, criterion and field."""
        # The form is read here rather than by a typed parameter: Litestar 2 answers a multipart
        # body without any file with a 500 (StopIteration in its extractor).
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise ServiceError(400, "bad_request", "send the form as multipart/form-data, field 'file'")
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile):
            problem = itcriteria.Problem("file", "no file in the multipart field 'file'", field="file")
            raise ServiceError(422, "invalid", problem.message, (problem,))
        content = await upload.read()
        return service.read_form(regime, upload.filename or "", content)  # type: ignore[return-value]

    v1 = Router(
        "/v1",
        route_handlers=[
            health,
            list_regimes,
            regime_detail,
            schema,
            template,
            score,
            cohort,
            gaps,
            plan,
            rank,
            run_round,
            publish_round,
            read_form,
        ],
    )
    app = Litestar(
        route_handlers=[v1],
        openapi_config=OpenAPIConfig(
            title="itcriteria",
            version=itcriteria.__version__,
            description=(
                "Score, explain and rank how Vietnamese state agencies apply IT under each province's "
                "criteria set. Every response carries the contract: the itcriteria version, the plugin "
                "and version that registered the regime, and the regime's content hash. Numbers are "
                "decimal text. Vietnamese by default; English with Accept-Language: en or ?lang=en."
            ),
            path="/schema",
            render_plugins=[],
            use_handler_docstrings=True,
        ),
        exception_handlers={
            ServiceError: _service_error(service),
            HTTPException: _http_error(service),
            Exception: _crash(service),
        },
        request_max_body_size=max_body_size,
        after_request=add_contract_headers,
        logging_config=None,  # the host's or uvicorn's logging, not the framework's
        debug=debug,
    )
    document = shapes.add_request_bodies(app.openapi_schema.to_schema())

    @get("/openapi.json", include_in_schema=False, media_type=JSON_TYPE)
    async def openapi() -> dict[str, Any]:
        return document

    @get("/docs", include_in_schema=False, media_type="text/html")
    async def docs() -> str:
        return docs_page(document)

    app.register(openapi)
    app.register(docs)
    app.state.openapi = document
    app.state.service = service
    return app


def openapi_document(plugins: Iterable[str] | None = ()) -> dict[str, Any]:
    """The OpenAPI document of the service; by default with no plugin loaded (it does not depend on them)."""
    document: dict[str, Any] = create_app(plugins).state.openapi
    return document


def committed_document() -> dict[str, Any]:
    """The OpenAPI document committed beside this module (``src/itcriteria/service/openapi.json``)."""
    text = (resources.files("itcriteria.service") / "openapi.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def contract_headers(service: Service, regime: itcriteria.Regime | None) -> dict[str, str]:
    return headers_of(service.contract(regime))


async def add_contract_headers(response: Response[Any]) -> Response[Any]:
    """The contract of a JSON response in its headers too, as the workbook's response has it."""
    content = response.content
    if isinstance(content, dict) and isinstance(content.get("contract"), dict):
        for key, value in headers_of(content["contract"]).items():
            response.headers.setdefault(key, value)
    return response


def headers_of(contract: dict[str, Any]) -> dict[str, str]:
    headers = {"x-itcriteria-version": contract["itcriteria_version"]}
    about = contract["regime"]
    if about is not None:
        headers["x-itcriteria-regime"] = about["id"]
        headers["x-itcriteria-plugin"] = str(about["plugin"])
        headers["x-itcriteria-plugin-version"] = str(about["plugin_version"])
        headers["x-itcriteria-regime-hash"] = about["content_hash"]
    return headers


def _service_error(service: Service) -> Callable[[Request[Any, Any, Any], ServiceError], Response[Any]]:
    def handle(request: Request[Any, Any, Any], err: ServiceError) -> Response[Any]:
        return Response(
            service.error(err),
            status_code=err.status,
            media_type=JSON_TYPE,
            headers=contract_headers(service, err.regime),
        )

    return handle


def _http_error(service: Service) -> Callable[[Request[Any, Any, Any], HTTPException], Response[Any]]:
    """Litestar's own refusals (bad parameters, unknown path, body too large) in the same error shape."""

    def handle(request: Request[Any, Any, Any], err: HTTPException) -> Response[Any]:
        status = err.status_code
        codes = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        problems = []
        for item in err.extra if isinstance(err.extra, list) else []:
            if isinstance(item, dict):
                key = str(item.get("key") or "")
                problems.append(itcriteria.Problem(key, str(item.get("message") or ""), field=key or None))
        message = err.detail if status != 413 else "the request body is over the limit of this server"
        return _service_error(service)(
            request, ServiceError(status, codes.get(status, "http_error"), message, tuple(problems))
        )

    return handle


def _crash(service: Service) -> Callable[[Request[Any, Any, Any], Exception], Response[Any]]:
    def handle(request: Request[Any, Any, Any], err: Exception) -> Response[Any]:
        logging.getLogger("itcriteria.service").error("internal error on %s", request.url.path, exc_info=err)
        error = ServiceError(500, "internal_error", f"internal error: {type(err).__name__}")
        return _service_error(service)(request, error)

    return handle


def docs_page(document: dict[str, Any]) -> str:
    """A self-contained page listing every operation (no script from elsewhere), linking the document."""
    rows = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            rows.append(
                f"<tr><td><code>{method.upper()}</code></td><td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(operation.get('summary', ''))}</td>"
                f"<td>{html.escape(operation.get('description', ''))}</td></tr>"
            )
    info = document["info"]
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(info['title'])} API</title>"
        "<style>body{font-family:sans-serif;margin:2em}td{padding:.3em .8em;vertical-align:top}</style>"
        "</head>"
        f"<body><h1>{html.escape(info['title'])} {html.escape(info['version'])}</h1>"
        f"<p>{html.escape(info.get('description', ''))}</p>"
        '<p>OpenAPI 3.1: <a href="/openapi.json">/openapi.json</a></p>'
        f"<table>{''.join(rows)}</table></body></html>"
    )
