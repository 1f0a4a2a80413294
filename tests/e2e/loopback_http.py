"""A threaded loopback HTTP server plus Bot API request decoding, for the fake Bot API."""

from __future__ import annotations

import contextlib
import email.message
import email.utils
import json
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

JsonDict = dict[str, Any]

# Form fields that hold free text and must never be JSON-decoded ("42" stays a string).
_TEXT_FIELDS = frozenset(
    {
        "text", "caption", "query", "callback_query_id", "inline_query_id", "file_id",
        "inline_message_id", "url", "parse_mode", "next_offset", "switch_pm_text",
        "switch_pm_parameter", "secret_token", "description", "short_description", "name",
        "title", "language_code", "message_effect_id", "business_connection_id", "action",
        "emoji", "document", "photo", "video", "audio", "animation", "voice", "sticker",
        "thumbnail", "ip_address", "question", "explanation", "payload",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Upload:
    """A file sent by the bot as multipart/form-data."""

    filename: str | None
    mime_type: str | None
    data: bytes


def _header_params(value: str) -> dict[str, str]:
    header = email.message.Message()
    header["x"] = value
    params = header.get_params(header="x") or []
    return {key.lower(): email.utils.collapse_rfc2231_value(val) for key, val in params[1:]}


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    delimiter = b"--" + _header_params(content_type)["boundary"].encode()
    fields: dict[str, Any] = {}
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = dict(
            (key.strip().lower(), val.strip())
            for key, _, val in (line.partition(":") for line in head.decode().split("\r\n"))
        )
        disposition = _header_params(headers.get("content-disposition", ""))
        if "filename" in disposition:
            upload = Upload(disposition["filename"], headers.get("content-type"), data)
            fields[disposition["name"]] = upload
        else:
            fields[disposition["name"]] = data.decode()
    return fields


def _decode_field(name: str, value: Any) -> Any:
    if not isinstance(value, str) or name in _TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def parse_params(content_type: str, body: bytes, query: str = "") -> JsonDict:
    """Decode a Bot API request into plain Python values (nested objects JSON-decoded)."""
    raw: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    if content_type.startswith("multipart/form-data"):
        raw.update(_parse_multipart(content_type, body))
    elif content_type.startswith("application/json"):
        return {**raw, **json.loads(body or b"{}")}
    elif body:
        raw.update({k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()})
    return {name: _decode_field(name, value) for name, value in raw.items()}


class Endpoint(Protocol):
    """What LoopbackServer serves: Bot API calls and file downloads."""

    def handle(self, path: str, content_type: str, body: bytes, query: str) -> tuple[int, JsonDict]:
        """Answer `/bot<token>/<method>`: (HTTP status, JSON body)."""
        ...

    def download(self, path: str) -> tuple[int, bytes]:
        """Answer `GET /file/bot<path>`: (HTTP status, content)."""
        ...


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections give up eventually
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms stalls
    server: LoopbackServer

    def do_POST(self) -> None:
        self._answer_api()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/file/bot"):
            status, data = self.server.endpoint.download(unquote(path.removeprefix("/file/bot")))
            self._respond(status, data, "application/octet-stream")
        else:
            self._answer_api()

    def _answer_api(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        content_type = self.headers.get("Content-Type", "")
        status, payload = self.server.endpoint.handle(unquote(url.path), content_type, body, url.query)
        self._respond(status, json.dumps(payload).encode(), "application/json")

    def _respond(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; every call is recorded in FakeBotAPI.calls instead."""


class LoopbackServer(ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 (free port) serving an Endpoint from its own thread."""

    daemon_threads = True  # still joined by server_close(), since block_on_close is True

    def __init__(self, endpoint: Endpoint, name: str = "loopback-http") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.endpoint = endpoint
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, hang up on open connections and join every thread."""
        self.shutdown()
        self._close_connections()
        self.server_close()
        self._thread.join()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def _close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up mid-request (e.g. a cancelled long poll)."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)
