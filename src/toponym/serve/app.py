"""The HTTP layer (Starlette): routes, request limits, JSON errors, JSONP and CORS.

Routes:

- ``/reconcile`` — GET without parameters: the manifest; GET or POST with ``queries`` (a query
  string, a form-encoded body, or a JSON body that is the batch itself): the result batch; with
  ``extend``: data extension. ``/reconcile/preview``, ``/reconcile/suggest/{entity,type,property}``,
  ``/reconcile/propose_properties``; ``/place/{id}`` is the view a reconciled cell links to.
- ``/`` the web page, ``/static/…`` its files, ``/api/search``, ``/api/resolve``, ``/api/extract``
  the page's JSON endpoints.

Every mistake in a request is a 400 with ``{"error": "…"}`` saying what is wrong; a body over
``MAX_BODY`` bytes is a 413, whether it says so in Content-Length or only streams that much. No
request names a file or a pack: the gazetteer is the one the server was started with. Matching is
CPU-bound, so handlers run it in Starlette's thread pool and the event loop keeps reading requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from toponym.gazetteer import Gazetteer
from toponym.serve.errors import RequestError
from toponym.serve.html import asset
from toponym.serve.manifest import manifest
from toponym.serve.queries import parse_batch, parse_batch_json
from toponym.serve.reconcile import DEFAULT_CACHE_SIZE
from toponym.serve.service import PlaceService
from toponym.serve.suggest import DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS

MAX_BODY = 1 << 20  # bytes
# A JSONP callback is a dotted JavaScript identifier and nothing else (no brackets, no calls).
_CALLBACK = re.compile(r"[A-Za-z_$][\w$]{0,63}(?:\.[A-Za-z_$][\w$]{0,63}){0,4}")
_API_PREFIXES = ("/reconcile", "/api/", "/place/")
_PAGE_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"
_CARD_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"


def create_app(gazetteer: Gazetteer, *, cache_size: int = DEFAULT_CACHE_SIZE) -> Starlette:
    """The application serving ``gazetteer`` (loaded once, shared read-only by every request);
    ``cache_size`` distinct reconciliation answers are kept (0: none)."""
    service = PlaceService(gazetteer, cache_size=cache_size)

    async def reconcile(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            params.update(await _posted_params(request))
        if "queries" in params:
            raw = params["queries"]
            batch = parse_batch(raw) if not isinstance(raw, str) else parse_batch_json(raw)
            return _json(request, await run_in_threadpool(service.reconcile, batch))
        if "extend" in params:
            extension = _decode_json(params["extend"], "extend")
            return _json(request, await run_in_threadpool(service.extend, extension))
        if request.method == "POST":
            raise RequestError("nothing to do: send 'queries' (a query batch) or 'extend'")
        return _json(request, manifest(str(request.base_url)))

    async def preview(request: Request) -> Response:
        status, html = await run_in_threadpool(service.preview, _required(request, "id"))
        return HTMLResponse(html, status, headers={"Content-Security-Policy": _CARD_POLICY})

    async def view(request: Request) -> Response:
        status, html = await run_in_threadpool(service.preview, request.path_params["place_id"])
        return HTMLResponse(html, status, headers={"Content-Security-Policy": _CARD_POLICY})

    async def suggest_entity(request: Request) -> Response:
        prefix = _required(request, "prefix")
        limit = min(_integer(request, "limit", DEFAULT_SUGGESTIONS), MAX_SUGGESTIONS)
        cursor = _integer(request, "cursor", 0)
        found = await run_in_threadpool(
            service.suggest_entities, prefix, request.query_params.get("type"), limit, cursor
        )
        return _json(request, found)

    async def suggest_type(request: Request) -> Response:
        return _json(request, service.suggest_types(_required(request, "prefix")))

    async def suggest_property(request: Request) -> Response:
        return _json(request, service.suggest_properties(_required(request, "prefix")))

    async def propose(request: Request) -> Response:
        limit = _integer(request, "limit", 0) or None
        return _json(request, service.propose_properties(request.query_params.get("type"), limit))

    async def page(request: Request) -> Response:
        return HTMLResponse(asset("index.html"), headers={"Content-Security-Policy": _PAGE_POLICY})

    async def search(request: Request) -> Response:
        query = request.query_params.get("q", "")
        governorate = request.query_params.get("governorate") or None
        return _json(request, await run_in_threadpool(service.search, query, governorate))

    async def resolve_lines(request: Request) -> Response:
        body = await _json_body(request)
        lines = body.get("lines")
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            raise RequestError("'lines' must be a list of strings")
        governorate = _optional_string(body, "governorate")
        return _json(request, await run_in_threadpool(service.resolve_lines, lines, governorate))

    async def extract(request: Request) -> Response:
        body = await _json_body(request)
        text = body.get("text")
        if not isinstance(text, str):
            raise RequestError("'text' must be a string")
        return _json(request, await run_in_threadpool(service.extract, text))

    routes = [
        Route("/", page),
        Route("/reconcile", reconcile, methods=["GET", "POST"]),
        Route("/reconcile/preview", preview),
        Route("/reconcile/suggest/entity", suggest_entity),
        Route("/reconcile/suggest/type", suggest_type),
        Route("/reconcile/suggest/property", suggest_property),
        Route("/reconcile/propose_properties", propose),
        Route("/place/{place_id:path}", view),
        Route("/api/search", search),
        Route("/api/resolve", resolve_lines, methods=["POST"]),
        Route("/api/extract", extract, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("toponym.serve", "static")]), name="static"),
    ]
    handlers: dict[Any, Callable[..., Any]] = {RequestError: _request_error, HTTPException: _http_error}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.add_middleware(_Cors)
    return app


# -- reading requests ----------------------------------------------------------------------------
async def read_body(request: Request) -> bytes:
    """The request body, refused with a 413 as soon as it is known to exceed ``MAX_BODY``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise RequestError("Content-Length is not a number")
        if int(declared) > MAX_BODY:
            raise RequestError(f"the body is {int(declared):,} bytes; the limit is {MAX_BODY:,}", 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise RequestError(f"the body exceeds the limit of {MAX_BODY:,} bytes", 413)
        chunks.append(chunk)
    return b"".join(chunks)


async def _posted_params(request: Request) -> dict[str, Any]:
    """The parameters of a POST: a form-encoded body, or a JSON body that is the query batch."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = _text(await read_body(request))
    if content_type == "application/json":
        return {"queries": _decode_json(body, "the body")}
    if content_type in {"application/x-www-form-urlencoded", ""}:
        return dict(parse_qsl(body, keep_blank_values=True))
    raise RequestError(
        f"unsupported content type {content_type!r}: send application/x-www-form-urlencoded or application/json",
        415,
    )


async def _json_body(request: Request) -> dict[str, Any]:
    body = _decode_json(_text(await read_body(request)), "the body")
    if not isinstance(body, dict):
        raise RequestError("the body must be a JSON object")
    return body


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestError(f"the body is not valid UTF-8 (byte {error.start})") from error


def _decode_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise RequestError(f"{what} is not valid JSON: {error}") from error


def _required(request: Request, name: str) -> str:
    value = request.query_params.get(name)
    if value is None:
        raise RequestError(f"the parameter {name!r} is required")
    return value


def _integer(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise RequestError(f"the parameter {name!r} must be a whole number, not {value!r}")
    return int(value)


def _optional_string(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise RequestError(f"{name!r} must be a string")
    return (value.strip() or None) if value else None


# -- writing responses ---------------------------------------------------------------------------
def _json(request: Request, data: Any, status: int = 200) -> Response:
    """JSON, or JSONP (``callback=``) for a GET that asks for it with a safe callback name."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    callback = request.query_params.get("callback")
    if callback is None or request.method != "GET":
        return Response(body, status, media_type="application/json")
    if not _CALLBACK.fullmatch(callback):
        raise RequestError("'callback' must be a JavaScript identifier (letters, digits, _ and $, dotted)")
    # The comment keeps a response from starting with bytes a caller chose (Rosetta Flash).
    return Response(
        f"/**/{callback}({body});",
        status,
        media_type="application/javascript",
        headers={"X-Content-Type-Options": "nosniff"},
    )


async def _request_error(request: Request, error: Exception) -> Response:
    status = error.status if isinstance(error, RequestError) else 400
    return JSONResponse({"error": str(error)}, status)


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    detail = error.detail if isinstance(error, HTTPException) else "internal error"
    return JSONResponse({"error": f"{detail}: {request.method} {request.url.path}"}, status)


class _Cors:
    """CORS for the service: any origin may call it (it serves public data and holds no session);
    preflight requests are answered here. The web page and its files are same-origin only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(_API_PREFIXES):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            headers = {
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "86400",
            }
            await Response(status_code=204, headers=headers)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"access-control-allow-origin", b"*")]
            await send(message)

        await self.app(scope, receive, send_with_cors)
