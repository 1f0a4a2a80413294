"""Fetching from a real loopback HTTP server: redirects, blocked addresses, size, time and type limits."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from knowledge.errors import (
    BlockedURLError,
    FetchError,
    FetchTimeout,
    IngestError,
    TooLargeError,
    UnsupportedContentError,
)
from knowledge.ingest.fetch import DEFAULT_USER_AGENT, FEED_TYPES, Fetched, FetchOptions, fetch

# the loopback test server is reachable; everything else private stays blocked
LOCAL = FetchOptions(allowed_hosts=frozenset({"127.0.0.1"}))
BOMB_BYTES = 50_000_000
BODIES: dict[str, bytes] = {}  # filled once by the server fixture, so building the bombs is never traced

ARTICLE_HTML = (
    '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head>'
    "<body><p>The caf\xe9 owner said \u201cwe are open\u201d.</p></body></html>"
).encode("cp1252")


class Handler(BaseHTTPRequestHandler):
    """Serves the routes in ``ROUTES``, plus /hop/N: a chain of N redirects ending on a plain page."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path.partition("?")[0]
        try:
            if path.startswith("/hop/"):
                hops = int(path.removeprefix("/hop/"))
                self.redirect(f"/hop/{hops - 1}") if hops else self.reply(b"end of the chain")
            else:
                ROUTES.get(path, lambda h: h.reply(b"nothing here", status=404))(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass

    def reply(
        self,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "text/plain; charset=utf-8",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.reply(b"", status=status, headers=(("Location", location),))

    def start(self, content_type: str, *headers: tuple[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()


def _echo_headers(h: Handler) -> None:
    names = ("User-Agent", "Accept", "Accept-Encoding")
    h.reply("\n".join(f"{name}: {h.headers.get(name)}" for name in names).encode())


def _declared_too_big(h: Handler) -> None:
    # says 10 MB but sends 100 bytes and hangs up: only an early refusal gives TooLargeError
    h.start("text/plain", ("Content-Length", "10000000"), ("Connection", "close"))
    h.wfile.write(b"x" * 100)
    h.close_connection = True


def _chunked_too_big(h: Handler) -> None:
    h.start("text/plain", ("Transfer-Encoding", "chunked"))
    piece = b"x" * 65536
    for _ in range(200):
        h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    h.wfile.write(b"0\r\n\r\n")


def _drip(h: Handler) -> None:
    h.start("text/plain", ("Content-Length", "50"))
    for _ in range(50):
        h.wfile.write(b"x")
        time.sleep(0.2)


def _slow(h: Handler) -> None:
    time.sleep(1.5)
    h.reply(b"too late")


def _encoded(body: str, coding: str) -> Callable[[Handler], None]:
    return lambda h: h.reply(BODIES[body], content_type="text/html", headers=(("Content-Encoding", coding),))


ROUTES: dict[str, Callable[[Handler], None]] = {
    "/article.html": lambda h: h.reply(ARTICLE_HTML, content_type="text/html"),
    "/plain.txt": lambda h: h.reply("Grüße aus Köln".encode()),
    "/feed.xml": lambda h: h.reply(b"<rss version='2.0'/>", content_type="application/rss+xml"),
    "/image.png": lambda h: h.reply(b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    "/headers": _echo_headers,
    "/redirect-302": lambda h: h.redirect("/redirect-301", 302),
    "/redirect-301": lambda h: h.redirect(f"http://127.0.0.1:{h.server.server_address[1]}/article.html", 301),
    "/loop": lambda h: h.redirect("/loop"),
    "/no-location": lambda h: h.reply(b"", status=302),
    "/to-private": lambda h: h.redirect("http://10.0.0.1/"),
    "/to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-ftp": lambda h: h.redirect("ftp://127.0.0.1/file.txt"),
    "/declared-too-big": _declared_too_big,
    "/chunked-too-big": _chunked_too_big,
    "/drip": _drip,
    "/slow": _slow,
    "/gzip-page": _encoded("gzip-page", "gzip"),
    "/deflate-zlib": _encoded("deflate-zlib", "deflate"),
    "/deflate-raw": _encoded("deflate-raw", "deflate"),
    "/brotli": _encoded("gzip-page", "br"),
    "/bomb": _encoded("bomb", "gzip"),
    "/bomb-nested": _encoded("bomb-nested", "gzip, gzip"),
}


class Server(ThreadingHTTPServer):
    block_on_close = False  # dripping and sleeping handlers must not hold up teardown


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    page = b"<p>Decoded \xe2\x80\x9cfine\xe2\x80\x9d.</p>"
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    bomb = gzip.compress(bytes(BOMB_BYTES), 9)
    BODIES.update(
        {
            "gzip-page": gzip.compress(page),
            "deflate-zlib": zlib.compress(page),
            "deflate-raw": raw_deflate.compress(page) + raw_deflate.flush(),
            "bomb": bomb,
            "bomb-nested": gzip.compress(bomb, 9),
        }
    )
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- what a good fetch returns -------------------------------------------------------------------


def test_html_page_is_decoded_with_the_charset_from_its_meta_tag(base: str) -> None:
    fetched = fetch(f"{base}/article.html", options=LOCAL)
    assert (fetched.content_type, fetched.charset, fetched.encoding) == ("text/html", None, "cp1252")
    assert "The café owner said “we are open”." in fetched.text
    assert fetched.body == ARTICLE_HTML


def test_plain_text_page_uses_the_header_charset(base: str) -> None:
    fetched = fetch(f"{base}/plain.txt", options=LOCAL)
    assert (fetched.content_type, fetched.charset, fetched.text) == ("text/plain", "utf-8", "Grüße aus Köln")


def test_redirect_chain_is_followed_to_the_page(base: str) -> None:
    fetched = fetch(f"{base}/redirect-302", options=LOCAL)
    assert fetched.url == f"{base}/redirect-302"
    assert fetched.final_url == f"{base}/article.html"


def test_exactly_max_redirects_is_fine(base: str) -> None:
    assert fetch(f"{base}/hop/5", options=LOCAL).text == "end of the chain"


def test_user_agent_accept_and_encodings_are_sent(base: str) -> None:
    sent = fetch(f"{base}/headers", options=LOCAL).text.splitlines()
    assert sent[0] == f"User-Agent: {DEFAULT_USER_AGENT}"
    assert sent[1] == "Accept: application/pdf, application/xhtml+xml, text/html, text/plain, */*;q=0.1"
    assert sent[2] == "Accept-Encoding: gzip, deflate"


@pytest.mark.parametrize("path", ["/gzip-page", "/deflate-zlib", "/deflate-raw"])
def test_compressed_bodies_are_decoded(base: str, path: str) -> None:
    assert fetch(f"{base}{path}", options=LOCAL).text == "<p>Decoded “fine”.</p>"


def test_feeds_are_fetched_when_the_caller_accepts_them(base: str) -> None:
    assert fetch(f"{base}/feed.xml", options=LOCAL, accept=FEED_TYPES).content_type == "application/rss+xml"


def test_allow_private_reaches_loopback(base: str) -> None:
    assert fetch(f"{base}/plain.txt", options=FetchOptions(allow_private=True)).text == "Grüße aus Köln"


def test_a_callers_client_is_used_but_redirects_are_still_checked(base: str) -> None:
    with httpx.Client(follow_redirects=True) as client:
        assert fetch(f"{base}/plain.txt", options=LOCAL, client=client).text == "Grüße aus Köln"
        with pytest.raises(BlockedURLError):
            fetch(f"{base}/to-private", options=LOCAL, client=client)


# --- redirects ------------------------------------------------------------------------------------


def test_more_than_max_redirects_is_an_error(base: str) -> None:
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(f"{base}/hop/6", options=LOCAL)


def test_redirect_loop_is_an_error(base: str) -> None:
    with pytest.raises(FetchError, match="in a loop"):
        fetch(f"{base}/loop", options=LOCAL)


def test_redirect_without_location_is_an_error(base: str) -> None:
    with pytest.raises(FetchError, match="302 Found"):
        fetch(f"{base}/no-location", options=LOCAL)


@pytest.mark.parametrize(
    ("path", "target", "kind"),
    [
        ("/to-private", "http://10.0.0.1/", "private"),
        ("/to-metadata", "http://169.254.169.254/latest/meta-data/", "link-local"),
    ],
)
def test_redirect_to_a_private_address_is_blocked(base: str, path: str, target: str, kind: str) -> None:
    with pytest.raises(BlockedURLError) as caught:
        fetch(f"{base}{path}", options=LOCAL)
    assert caught.value.url == f"{base}{path}"
    assert f"it redirects to {target}, and" in str(caught.value)
    assert f"is a {kind} address" in str(caught.value)


def test_redirect_to_ftp_is_blocked(base: str) -> None:
    with pytest.raises(BlockedURLError, match="only http and https links can be fetched, not ftp links"):
        fetch(f"{base}/to-ftp", options=LOCAL)


# --- blocked links (refused before any connection) ------------------------------------------------


def test_loopback_is_blocked_by_default(base: str) -> None:
    with pytest.raises(BlockedURLError) as caught:
        fetch(f"{base}/plain.txt")
    message = str(caught.value)
    assert message.startswith(f"{base}/plain.txt: 127.0.0.1 is a loopback address")
    assert "FETCH_ALLOW_PRIVATE=1" in message
    assert isinstance(caught.value, IngestError) and caught.value.source == f"{base}/plain.txt"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:9/",
        "http://[::1]:9/",
        "http://[::ffff:10.0.0.1]/",  # IPv4-mapped IPv6
        "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
        "http://[2002:a00:1::1]/",  # 6to4 of 10.0.0.1
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",  # carrier-grade NAT: neither private nor global
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 as one number
    ],
)
def test_non_public_addresses_are_blocked(url: str) -> None:
    with pytest.raises(BlockedURLError, match="address, not a public one"):
        fetch(url)


def test_a_name_is_blocked_if_any_of_its_addresses_is_private(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(BlockedURLError, match=r"news\.example \(10\.1\.2\.3\) is a private address"):
        fetch("http://news.example/story")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("file:///etc/passwd", "file links"),
        ("ftp://127.0.0.1/x", "ftp links"),
        ("example.com/x", "links without"),
    ],
)
def test_other_schemes_are_blocked(url: str, kind: str) -> None:
    with pytest.raises(BlockedURLError, match=f"only http and https links can be fetched, not {kind}"):
        fetch(url, options=FetchOptions(allow_private=True))


# --- size, time and type limits -------------------------------------------------------------------


def test_declared_oversized_body_is_refused_before_reading(base: str) -> None:
    with pytest.raises(TooLargeError, match="larger than 1 MB"):
        fetch(
            f"{base}/declared-too-big",
            options=FetchOptions(allowed_hosts=LOCAL.allowed_hosts, max_bytes=10**6),
        )


def test_chunked_oversized_body_is_stopped(base: str) -> None:
    with pytest.raises(TooLargeError, match="larger than 100 KB"):
        fetch(
            f"{base}/chunked-too-big",
            options=FetchOptions(allowed_hosts=LOCAL.allowed_hosts, max_bytes=10**5),
        )


@pytest.mark.parametrize(("path", "limit"), [("/bomb", 10**6), ("/bomb-nested", 10**6)])
def test_compression_bomb_is_stopped_with_little_memory(base: str, path: str, limit: int) -> None:
    options = FetchOptions(allowed_hosts=LOCAL.allowed_hosts, max_bytes=limit)
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            fetch(f"{base}{path}", options=options, accept=frozenset({"text/html"}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * limit  # the bomb inflates to 50 MB; httpx's own decoder would hold it all at once


def test_slow_drip_body_hits_the_total_timeout(base: str) -> None:
    options = FetchOptions(allowed_hosts=LOCAL.allowed_hosts, total_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="took longer than 1 s"):
        fetch(f"{base}/drip", options=options)
    assert time.monotonic() - started < 2.0


def test_server_that_does_not_answer_hits_the_read_timeout(base: str) -> None:
    options = FetchOptions(allowed_hosts=LOCAL.allowed_hosts, read_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="too long to answer"):
        fetch(f"{base}/slow", options=options)
    assert time.monotonic() - started < 1.4


def test_wrong_content_type_is_refused(base: str) -> None:
    with pytest.raises(UnsupportedContentError) as caught:
        fetch(f"{base}/image.png", options=LOCAL)
    assert "the server sent image/png, but only these types are accepted: application/pdf," in str(
        caught.value
    )


def test_a_page_is_refused_where_a_feed_is_expected(base: str) -> None:
    with pytest.raises(UnsupportedContentError, match="sent text/html"):
        fetch(f"{base}/article.html", options=LOCAL, accept=FEED_TYPES)


def test_unknown_content_encoding_is_refused(base: str) -> None:
    with pytest.raises(UnsupportedContentError, match="compressed with br"):
        fetch(f"{base}/brotli", options=LOCAL)


def test_not_found_names_the_status(base: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/missing", options=LOCAL)
    assert str(caught.value) == f"{base}/missing: the server answered 404 Not Found."
    assert caught.value.status == 404


def test_connection_refused_is_a_fetch_error() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect"):
        fetch(f"http://127.0.0.1:{port}/", options=LOCAL)


def test_unknown_host_is_a_fetch_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(
        FetchError, match=r"^http://nowhere\.example/: cannot find the server nowhere\.example\.$"
    ):
        fetch("http://nowhere.example/")


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="max_bytes must be positive"):
        FetchOptions(max_bytes=0)


# --- decoding text --------------------------------------------------------------------------------


def _fetched(body: bytes, content_type: str = "text/html", charset: str | None = None) -> Fetched:
    return Fetched(url="u", final_url="u", content_type=content_type, body=body, charset=charset)


def test_header_charset_beats_the_meta_tag() -> None:
    page = '<meta charset="windows-1252"><p>Grüße</p>'.encode()
    assert _fetched(page, charset="utf-8").text.endswith("Grüße</p>")


def test_latin1_label_reads_curly_quotes_as_windows_1252() -> None:
    assert _fetched(b"\x93hi\x94", "text/plain", "ISO-8859-1").text == "“hi”"


def test_unknown_or_non_text_charsets_fall_back_to_utf8_else_windows_1252() -> None:
    # the decision parse_url makes for the same body (knowledge.ingest.decode)
    assert _fetched("ok ü".encode(), "text/plain", "no-such-charset").text == "ok ü"
    assert _fetched(b"ok \xff", "text/plain", "no-such-charset").text == "ok ÿ"
    assert _fetched(b"ok", "text/plain", "base64").text == "ok"


def test_byte_order_mark_wins() -> None:
    assert _fetched(b"\xef\xbb\xbfhi", "text/plain", "cp1252").text == "hi"
