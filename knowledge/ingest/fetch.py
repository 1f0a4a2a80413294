"""Download one article or feed over HTTP, refusing private addresses, oversized bodies and slow servers."""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import httpx

from knowledge.errors import (
    BlockedURLError,
    FetchError,
    FetchTimeout,
    TooLargeError,
    UnsupportedContentError,
)
from knowledge.ingest.decode import decode, encoding_of

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"})
PDF_TYPES = frozenset({"application/pdf"})
ARTICLE_TYPES = HTML_TYPES | TEXT_TYPES | PDF_TYPES

DEFAULT_USER_AGENT = "articlebot/0.1 (+https://github.com/articlebot; news question bot)"
ALLOW_PRIVATE_HINT = "Set FETCH_ALLOW_PRIVATE=1 to allow private addresses for local testing."

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = frozenset({"http", "https"})
_CODINGS = frozenset({"gzip", "x-gzip", "deflate"})  # the Content-Encodings we can decode, in bounded pieces
_ACCEPT_ENCODING = "gzip, deflate"
_PIECE_BYTES = 64 * 1024  # the most output one decompression step may produce
_NON_PUBLIC = (  # (what to call it, the ipaddress predicate), most specific first
    ("unspecified", "is_unspecified"),
    ("loopback", "is_loopback"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("private", "is_private"),
    ("reserved", "is_reserved"),
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits and permissions for a fetch; the defaults suit public news sites.

    ``allow_private`` lifts the address check entirely (local testing only). ``allowed_hosts`` is a
    narrower escape hatch: exact host names or IP literals, lower-case as written in the link, that may
    be fetched even when they resolve to a private address (tests use it to reach 127.0.0.1 while a
    redirect to 10.0.0.1 stays blocked).
    """

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout", "max_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchOptions.{name} must be positive, not {getattr(self, name)!r}.")
        if self.max_redirects < 0:
            raise ValueError(f"FetchOptions.max_redirects must be 0 or more, not {self.max_redirects!r}.")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body, where it came from, and what the server said it is."""

    url: str
    final_url: str
    content_type: str
    body: bytes = field(repr=False)
    charset: str | None = None

    @property
    def encoding(self) -> str:
        """Name the codec ``text`` uses (``knowledge.ingest.decode``: a byte-order mark, the header charset,
        an HTML page's own declaration, then UTF-8 or windows-1252)."""
        return encoding_of(self.body, charset=self.charset, markup=self.content_type in HTML_TYPES)

    @property
    def text(self) -> str:
        """Decode the body with ``encoding``; bytes that do not decode become U+FFFD."""
        return decode(self.body, charset=self.charset, markup=self.content_type in HTML_TYPES)


def fetch(
    url: str,
    *,
    options: FetchOptions = FetchOptions(),
    accept: frozenset[str] = ARTICLE_TYPES,
    client: httpx.Client | None = None,
) -> Fetched:
    """Download one page or feed, refusing anything unsafe.

    The rules, applied to the link and again to every redirect hop:

    - only ``http`` and ``https``;
    - the host is resolved first, and refused if *any* address it resolves to is not public
      (loopback, private, link-local, multicast, reserved, unspecified, shared, or such an IPv4
      address carried inside IPv6), unless ``options.allow_private`` is set or the host is listed in
      ``options.allowed_hosts``;
    - redirects are followed by hand, at most ``options.max_redirects`` of them, and loops are refused;
    - a status of 400 or more is an error; the content type must be in ``accept``, checked before the
      body is read;
    - the body is streamed and stopped as soon as more than ``options.max_bytes`` arrive, counted both
      as sent and after decompression. gzip/deflate are decoded here, in bounded pieces, rather than by
      httpx, which inflates each network chunk whole (a 250-byte doubly gzipped body can become
      gigabytes in one call); so a compression bomb never balloons in memory;
    - the whole fetch must finish within ``options.total_timeout``: checked at every chunk, and each
      hop's connect and read timeouts are capped at the time left, so a slow drip is cut off. A read that
      stalls late in the body can overrun the total by at most ``options.read_timeout``.

    Known gaps:

    - DNS rebinding: the check resolves the name, then httpx resolves it again to connect, so a
      hostile DNS server that answers differently the second time could still reach a private address.
      Closing it means connecting to the checked address itself (keeping Host and SNI); not done.
    - ``socket.getaddrinfo`` has no timeout; a hung resolver is bounded only by the system's own.
    - A caller's ``client`` brings its proxies, cookies and default headers; through a proxy the check
      covers the target host, not the proxy. The default client ignores proxy variables and ``.netrc``.

    Args:
        url: the link to fetch.
        options: limits and permissions.
        accept: the bare content types the caller can use, e.g. ``ARTICLE_TYPES`` or ``FEED_TYPES``.
        client: an httpx client to reuse; redirects and timeouts are still set per request.

    Raises:
        BlockedURLError: not http(s), or the link or a redirect leads to a non-public address.
        TooLargeError: the body is bigger than ``options.max_bytes``.
        FetchTimeout: a connect or read timed out, or the fetch took longer than ``total_timeout``.
        UnsupportedContentError: the content type (or encoding) is not one the caller accepts.
        FetchError: any other failure, including a status of 400 or more (``status`` is set).
    """
    job = _Job(url=url, options=options, accept=accept, deadline=time.monotonic() + options.total_timeout)
    try:
        fetched = _fetch(job, client)
    except FetchError as error:
        logger.debug("fetch %s failed: %s", url, error.reason)
        raise
    logger.debug(
        "fetched %s -> %s (%s, %d bytes)", url, fetched.final_url, fetched.content_type, len(fetched.body)
    )
    return fetched


@dataclass(frozen=True, slots=True)
class _Job:
    """One call to ``fetch``: the link asked for, its limits, and when it must be done."""

    url: str
    options: FetchOptions
    accept: frozenset[str]
    deadline: float

    def timeout(self) -> httpx.Timeout:
        """Return the per-request timeouts, capped at the time left."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.too_slow()
        connect = min(self.options.connect_timeout, left)
        read = min(self.options.read_timeout, left)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def limit(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """Pass chunks through until more than ``max_bytes`` have passed or the deadline is over."""
        total = 0
        for chunk in chunks:
            total += len(chunk)
            if total > self.options.max_bytes:
                raise self.too_large()
            if time.monotonic() > self.deadline:
                raise self.too_slow()
            yield chunk

    def too_large(self) -> TooLargeError:
        limit = _size(self.options.max_bytes)
        return TooLargeError(f"the download is larger than {limit}, so it was stopped.", url=self.url)

    def too_slow(self) -> FetchTimeout:
        seconds = f"{self.options.total_timeout:g}"
        return FetchTimeout(f"the download took longer than {seconds} s, so it was stopped.", url=self.url)


def _fetch(job: _Job, client: httpx.Client | None) -> Fetched:
    """Run the job on the given client or a fresh one, turning httpx failures into ``FetchError``."""
    try:
        if client is not None:
            return _follow(job, client)
        with httpx.Client(trust_env=False) as own:
            return _follow(job, own)
    except httpx.ConnectTimeout as error:
        raise FetchTimeout("the server did not accept a connection in time.", url=job.url) from error
    except httpx.TimeoutException as error:
        raise FetchTimeout("the server took too long to answer.", url=job.url) from error
    except httpx.ConnectError as error:
        raise FetchError(f"could not connect to the server ({error}).", url=job.url) from error
    except httpx.HTTPError as error:
        raise FetchError(f"the download failed ({error}).", url=job.url) from error


def _follow(job: _Job, client: httpx.Client) -> Fetched:
    """Request the link, following redirects by hand and checking every hop before it is requested."""
    current = job.url
    seen: set[str] = set()
    for hop in range(job.options.max_redirects + 1):
        target = _check_url(current, job)
        seen.add(str(target))
        request = client.stream(
            "GET", target, headers=_headers(job), timeout=job.timeout(), follow_redirects=False
        )
        with request as response:
            if not response.has_redirect_location:
                return _receive(response, job)
            current = _redirect_target(response, job)
        logger.debug("fetch %s: redirect %d to %s", job.url, hop + 1, current)
        if current in seen:
            raise FetchError(f"the server redirects in a loop (back to {current}).", url=job.url)
    raise FetchError(f"the server redirected more than {job.options.max_redirects} times.", url=job.url)


def _headers(job: _Job) -> dict[str, str]:
    accept = ", ".join([*sorted(job.accept), "*/*;q=0.1"])
    return {"User-Agent": job.options.user_agent, "Accept": accept, "Accept-Encoding": _ACCEPT_ENCODING}


def _redirect_target(response: httpx.Response, job: _Job) -> str:
    try:
        return str(response.url.join(response.headers["location"]))
    except httpx.InvalidURL as error:
        raise FetchError("the server redirected to a link that is not valid.", url=job.url) from error


def _check_url(url: str, job: _Job) -> httpx.URL:
    """Parse a link (the one asked for or a redirect) and refuse it unless it is safe to request.

    Raises:
        BlockedURLError: a scheme other than http(s), no host, or a non-public address.
        FetchError: the link is not valid or its host cannot be resolved.
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchError("this is not a valid link.", url=job.url) from error
    if parsed.scheme not in _SCHEMES:
        kind = f"{parsed.scheme} links" if parsed.scheme else "links without http:// or https://"
        reason = f"{_via(url, job)}only http and https links can be fetched, not {kind}."
        raise BlockedURLError(reason, url=job.url)
    if not parsed.host:
        raise BlockedURLError(f"{_via(url, job)}the link has no host name.", url=job.url)
    if job.options.allow_private or parsed.host in job.options.allowed_hosts:
        return parsed
    for address in _resolve(parsed, job):
        non_public = _non_public_kind(address)
        if non_public is not None:
            where = parsed.host if parsed.host == str(address) else f"{parsed.host} ({address})"
            reason = (
                f"{_via(url, job)}{where} is a {non_public} address, not a public one. {ALLOW_PRIVATE_HINT}"
            )
            raise BlockedURLError(reason, url=job.url)
    return parsed


def _via(url: str, job: _Job) -> str:
    """Say which redirect a message is about, or nothing for the link that was asked for."""
    return "" if url == job.url else f"it redirects to {url}, and "


def _resolve(url: httpx.URL, job: _Job) -> list[IPAddress]:
    """Return every address the host resolves to (an IP literal resolves to itself)."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(url.raw_host.decode("ascii"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(f"cannot find the server {url.host}.", url=job.url) from error
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def _non_public_kind(address: IPAddress) -> str | None:
    """Name what makes an address non-public ("loopback", "private", ...), or None when it is public."""
    for candidate in (address, *_embedded_ipv4(address)):
        for kind, predicate in _NON_PUBLIC:
            if getattr(candidate, predicate):
                return kind
        if not candidate.is_global:
            return "non-public"
    return None


def _embedded_ipv4(address: IPAddress) -> tuple[ipaddress.IPv4Address, ...]:
    """Return the IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo client, NAT64."""
    if not isinstance(address, ipaddress.IPv6Address):
        return ()
    teredo = address.teredo[1] if address.teredo else None
    nat64 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None
    return tuple(a for a in (address.ipv4_mapped, address.sixtofour, teredo, nat64) if a is not None)


def _receive(response: httpx.Response, job: _Job) -> Fetched:
    """Check a final response's status, type and declared size, then read its body."""
    status = response.status_code
    if not response.is_success:
        answer = f"{status} {httpx.codes.get_reason_phrase(status)}".strip()  # not the server's own phrase
        raise FetchError(f"the server answered {answer}.", url=job.url, status=status)
    content_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    if content_type not in job.accept:
        raise UnsupportedContentError(_unsupported_reason(content_type, job.accept), url=job.url)
    codings = _content_codings(response, job)
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > job.options.max_bytes:
        raise job.too_large()
    return Fetched(
        url=job.url,
        final_url=str(response.url),
        content_type=content_type,
        body=_read_body(response, codings, job),
        charset=response.charset_encoding,
    )


def _unsupported_reason(content_type: str, accept: frozenset[str]) -> str:
    sent = f"sent {content_type}" if content_type else "did not say what kind of content it sent"
    return f"the server {sent}, but only these types are accepted: {', '.join(sorted(accept))}."


def _content_codings(response: httpx.Response, job: _Job) -> list[str]:
    """Return the Content-Encodings in the order they were applied, refusing ones we cannot decode."""
    header = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in header.split(",") if c.strip().lower() not in ("", "identity")]
    unknown = [c for c in codings if c not in _CODINGS]
    if unknown:
        reason = f"the body is compressed with {', '.join(unknown)}, which cannot be decoded."
        raise UnsupportedContentError(reason, url=job.url)
    return codings


def _read_body(response: httpx.Response, codings: list[str], job: _Job) -> bytes:
    """Stream the raw body and undo its encodings, with every stage held to the size and time limits."""
    stream = job.limit(response.iter_raw())
    for coding in reversed(codings):
        stream = job.limit(_inflate(stream, coding))
    body = bytearray()
    try:
        for piece in stream:
            body += piece
    except zlib.error as error:
        raise FetchError("the server sent a corrupt compressed body.", url=job.url) from error
    return bytes(body)


def _inflate(chunks: Iterable[bytes], coding: str) -> Iterator[bytes]:
    """Decompress a gzip or deflate stream in pieces of at most ``_PIECE_BYTES``."""
    decompressor = None
    for chunk in chunks:
        if not chunk:
            continue
        if decompressor is None:
            decompressor = zlib.decompressobj(_wbits(coding, chunk))
        data = chunk
        while data:
            yield decompressor.decompress(data, _PIECE_BYTES)
            data = decompressor.unconsumed_tail
    if decompressor is not None:
        yield decompressor.flush()


def _wbits(coding: str, head: bytes) -> int:
    """Pick the zlib window for a coding; "deflate" should carry a zlib header, but some servers omit it."""
    if coding != "deflate":
        return zlib.MAX_WBITS | 16
    has_zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and int.from_bytes(head[:2], "big") % 31 == 0
    return zlib.MAX_WBITS if has_zlib_header else -zlib.MAX_WBITS


def _size(count: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if count >= scale:
            return f"{count / scale:g} {unit}"
    return f"{count} bytes"
