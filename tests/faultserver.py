"""A fault-injection HTTP server for the crawler tests: one threaded server per port, each
port a separate host, on 127.0.0.1 only.

Besides plain pages (``pages``: path -> HTML, or ``links``: path -> hrefs) every server
answers the fault routes below, and records what it saw: per request the path, the start
and end times and the request headers, and the largest number of requests it was serving
at once. The politeness tests assert the crawler's limits from these measurements.

Fault routes: ``/retry-after-seconds`` (429, Retry-After: 1, then 200), ``/retry-after-date``
(429 with an HTTP-date, then 200), ``/503-burst`` (two 503s, then 200), ``/always-503``,
``/slow-drip`` (a byte every 0.1 s), ``/reset`` (TCP RST), ``/hang`` (never answers),
``/loop-a`` <-> ``/loop-b``, ``/chain/N`` (N redirects), ``/to-private``, ``/to-link-local``,
``/to-other-host``, ``/big`` (50 MB, chunked), ``/big-declared`` (50 MB Content-Length),
``/bomb`` (gzip bomb: 100 MB of zeros in ~100 KB), ``/cp1258`` (windows-1258 page),
``/cal/YYYY/MM`` (a calendar: every month links to the next and previous one),
``/list?page=N`` (infinite pagination repeating the same items), ``/news?page=N`` (a dated
listing, a month per page), ``/etag`` and ``/last-modified`` (conditional GET), ``/dup-a`` and
``/dup-b`` (the same bytes), ``/sitemap-index.xml``, ``/sitemap-news.xml.gz``, ``/rss.xml``,
``/atom.xml``, ``/set-cookie``, ``/grow`` (links to itself with one more query parameter).

Hostile routes (``HOSTILE_ROUTES`` lists them): ``/garbage`` (no HTTP at all), ``/bad-status``
(a malformed status line), ``/slow-headers`` (a header line every 0.2 s, forever),
``/huge-header`` (one 1 MB header), ``/bad-chunked``, ``/short-body`` (Content-Length larger
than the body, then close), ``/br`` and ``/unknown-encoding`` (Content-Encodings the crawler
did not ask for), ``/loc/NAME`` (a redirect whose raw Location is ``LOCATIONS[NAME]``),
``/frag-self`` (a redirect to itself with another fragment), ``/hop/N`` (N 301s alternating
between this host and ``other``), ``/sitemap-bomb.xml`` (billion laughs),
``/sitemap-200k.xml`` (200,000 URLs), ``/links-100k`` (an HTML page with 100,000 links in one
``<div>``), ``/base-other`` (``<base href>`` to ``other``), ``/meta-refresh``, ``/empty``
(200, no body), ``/no-content`` (204), ``/404-huge`` (404 with a 50 MB body), ``/get-405``
(405 for GET, 200 for HEAD), ``/close-at-once`` (closes without answering), ``/half-headers``
(half the headers, then a TCP reset). ``robots`` may also be ``"<redirect-path>"``,
``"<redirect-other>"`` (to ``other``'s robots.txt), ``"<huge>"`` (50 MB, ``HUGE_ROBOTS_HEAD``
first), ``"<html>"`` (an HTML page) or ``"<hang>"`` (never answers). The endless hostile
routes end their request as soon as the client hangs up, so ``max_active`` measures the
crawler, not how late the server noticed.
"""
from __future__ import annotations

import gzip
import multiprocessing
import select
import socket
import struct
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from multiprocessing.connection import Connection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from pipeline.crawl import CrawlSettings

BIG = 50_000_000
BOMB_SIZE = 100_000_000
ETAG = '"v1-etag"'
LAST_MODIFIED = "Wed, 01 May 2024 08:00:00 GMT"
ROBOTS_REAL = "User-agent: *\nDisallow: /private/\n"
HUGE_ROBOTS_HEAD = "User-agent: *\nDisallow: /private/\n"
SITEMAP_URLS = 200_000
MANY_LINKS = 100_000
# raw Location header values of ``/loc/NAME`` (bytes: the server sends them as they are)
LOCATIONS = {
    "non-ascii": "/ok/tin-tức/bài-viết".encode(),
    "spaces": b"/ok/with spaces/a b",
    "invalid": b"http://[::1/x",
    "javascript": b"javascript:alert(1)",
    "ftp": b"ftp://127.0.0.1/file",
    "relative": b"../ok/relative",
    "empty": b"",
    "latin1": b"/ok/caf\xe9",
    "disallowed": b"/private/secret",
}
VIETNAMESE = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười lăm, nhiệm kỳ 2020–2025"


def html(title: str, links: list[str] = (), body: str = "") -> bytes:
    anchors = "".join(f'<li><a href="{h}">{h}</a></li>' for h in links)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{body or title}</p><ul>{anchors}</ul></body></html>").encode()


def cp1258_bytes(text: str) -> bytes:
    """Encode Vietnamese as windows-1258: precomposed base letters where the code page has
    them, tone marks as combining characters (the way cp1258 writes Vietnamese)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return bytes(out)


def bomb_chunks() -> Iterator[bytes]:
    """A gzip bomb (BOMB_SIZE bytes of zeros, ~100 KB on the wire), compressed as it is
    sent: the first bytes leave at once, as from a server that makes bombs on the fly."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * 1_000_000
    yield comp.compress(b"<html><body>" + chunk[:-12])
    for _ in range(BOMB_SIZE // len(chunk) - 1):
        piece = comp.compress(chunk)
        if piece:
            yield piece
    yield comp.flush()


@dataclass
class Hit:
    path: str
    start: float
    end: float | None = None
    headers: dict[str, str] = field(default_factory=dict)


class _Host:
    """One host, serving in this process (see FaultServer, which runs it in a child)."""

    def __init__(self, *, links: dict[str, list[str]] | None = None, pages: dict[str, bytes] | None = None,
                 robots: str | None = "User-agent: *\nDisallow: /private/\n", latency: float = 0.0) -> None:
        self.links = dict(links or {})
        self.pages = dict(pages or {})
        self.robots = robots
        self.latency = latency
        self.other: str | None = None     # base URL of another host (``/to-other-host``)
        self.hits: list[Hit] = []
        self.active = 0
        self.max_active = 0
        self.sent: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def host(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    # ---------------------------------------------------------- measurements
    def begin(self, path: str, headers: dict[str, str]) -> Hit:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self.counts[path] = self.counts.get(path, 0) + 1
            hit = Hit(path, time.monotonic(), None, headers)
            self.hits.append(hit)
            return hit

    def end(self, hit: Hit) -> None:
        with self._lock:
            self.active -= 1
            hit.end = time.monotonic()

    def state(self) -> dict[str, object]:
        with self._lock:
            return {"hits": list(self.hits), "counts": dict(self.counts), "sent": dict(self.sent),
                    "max_active": self.max_active}


def _serve(conn: Connection, kwargs: dict[str, object]) -> None:
    """The child process: one _Host, driven by commands from its FaultServer."""
    host = _Host(**kwargs)  # type: ignore[arg-type]
    conn.send(host.server.server_address[:2])
    while True:
        cmd, arg = conn.recv()
        if cmd == "state":
            conn.send(host.state())
        elif cmd == "set":
            name, value = arg
            setattr(host, name, value)
            conn.send(None)
        elif cmd == "stop":
            host.stop()
            conn.send(None)
            return


class FaultServer:
    """One host, served by a child process of its own, so that the times it records are
    not skewed by the crawler under test holding this process's GIL. ``links`` (path ->
    hrefs) and ``pages`` (path -> bytes) add plain pages; ``robots`` is the robots.txt text
    (None: 404, "<503>": 503); ``latency`` delays every answer. ``hits``, ``counts``,
    ``sent`` and ``max_active`` are read from the child each time they are used."""

    def __init__(self, *, links: dict[str, list[str]] | None = None, pages: dict[str, bytes] | None = None,
                 robots: str | None = "User-agent: *\nDisallow: /private/\n", latency: float = 0.0) -> None:
        ctx = multiprocessing.get_context("forkserver")
        self._conn, child = ctx.Pipe()
        kwargs = dict(links=links, pages=pages, robots=robots, latency=latency)
        self._proc = ctx.Process(target=_serve, args=(child, kwargs), daemon=True)
        self._proc.start()
        child.close()
        if not self._conn.poll(30):
            raise RuntimeError("fault server did not start")
        self._address = self._conn.recv()
        self._config = kwargs
        self._other: FaultServer | None = None

    def _ask(self, cmd: str, arg: object = None) -> object:
        self._conn.send((cmd, arg))
        return self._conn.recv()

    @property
    def host(self) -> str:
        host, port = self._address
        return f"{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def other(self) -> FaultServer | None:
        return self._other

    @other.setter
    def other(self, server: FaultServer) -> None:
        self._other = server
        self._ask("set", ("other", server.base_url))

    def _setting(name: str) -> property:  # noqa: N805  (a property factory, used below)
        def get(self: FaultServer) -> object:
            return self._config[name]

        def put(self: FaultServer, value: object) -> None:
            self._config[name] = value
            self._ask("set", (name, value))
        return property(get, put, doc=f"the ``{name}`` of the host; assigning it changes the server")

    links = _setting("links")
    pages = _setting("pages")
    robots = _setting("robots")
    latency = _setting("latency")
    del _setting

    def _state(self) -> dict[str, object]:
        return self._ask("state")  # type: ignore[return-value]

    @property
    def hits(self) -> list[Hit]:
        return self._state()["hits"]  # type: ignore[return-value]

    @property
    def counts(self) -> dict[str, int]:
        return self._state()["counts"]  # type: ignore[return-value]

    @property
    def sent(self) -> dict[str, int]:
        return self._state()["sent"]  # type: ignore[return-value]

    @property
    def max_active(self) -> int:
        return self._state()["max_active"]  # type: ignore[return-value]

    def stop(self) -> None:
        if self._proc.is_alive():
            try:
                self._ask("stop")
            except (EOFError, OSError):
                pass
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.kill()
        self._conn.close()

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def starts(self, exclude: tuple[str, ...] = ()) -> list[float]:
        return sorted(h.start for h in self.hits if h.path not in exclude)

    def min_gap(self, exclude: tuple[str, ...] = ()) -> float:
        s = self.starts(exclude)
        return min((b - a for a, b in zip(s, s[1:])), default=float("inf"))


def _handler(fs: _Host) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "vinex-faultserver/1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            hit = fs.begin(path, {k.lower(): v for k, v in self.headers.items()})
            try:
                if fs.latency:
                    time.sleep(fs.latency)
                self.route(parts.path, parse_qs(parts.query), path)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                fs.end(hit)

        # ---------------------------------------------------------- helpers
        def send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
                 headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def chunked(self, pieces: Iterator[bytes], headers: dict[str, str], ctype: str = "text/html") -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Transfer-Encoding", "chunked")
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                for piece in pieces:
                    if fs.stopping.is_set():
                        break
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            finally:
                self.close_connection = True

        def raw(self, data: bytes, *, close: bool = True) -> None:
            """Bytes on the socket as they are (no HTTP framing by the server)."""
            self.wfile.write(data)
            self.wfile.flush()
            if close:
                self.close_connection = True

        def rst(self) -> None:
            """Close with a TCP reset."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def redirect(self, location: str, status: int = 302) -> None:
            self.send(status, b"", headers={"Location": location})

        def count(self, key: str) -> int:
            return fs.counts.get(key, 0)

        def do_HEAD(self) -> None:  # noqa: N802
            if urlsplit(self.path).path == "/get-405":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()

        # ---------------------------------------------------------- routes
        def route(self, path: str, q: dict[str, list[str]], full: str) -> None:
            if self.hostile(path):
                return None
            if full in fs.pages or path in fs.pages:
                body = fs.pages.get(full, fs.pages.get(path, b""))
                return self.send(200, body)
            if full in fs.links or path in fs.links:
                return self.send(200, html(f"{fs.host}{full}", fs.links.get(full, fs.links.get(path, []))))
            if path == "/robots-real.txt":
                return self.send(200, ROBOTS_REAL.encode(), "text/plain")
            if path == "/robots.txt":
                if fs.robots is not None and fs.robots.startswith("<") and fs.robots != "<503>":
                    return self.robots_special(fs.robots)
                if fs.robots is None:
                    return self.send(404, b"not found")
                if fs.robots == "<503>":
                    return self.send(503, b"robots down")
                return self.send(200, fs.robots.encode(), "text/plain")
            if path == "/retry-after-seconds":
                if self.count(full) <= 1:
                    return self.send(429, b"slow down", headers={"Retry-After": "1"})
                return self.send(200, html("after 429 seconds"))
            if path == "/retry-after-date":
                if self.count(full) <= 1:
                    when = datetime.now(timezone.utc) + timedelta(seconds=2)
                    return self.send(429, b"slow down", headers={"Retry-After": format_datetime(when, usegmt=True)})
                return self.send(200, html("after 429 date"))
            if path == "/retry-after-huge":
                if self.count(full) <= 1:
                    return self.send(503, b"maintenance", headers={"Retry-After": "86400"})
                return self.send(200, html("after huge retry-after"))
            if path == "/503-burst":
                if self.count(full) <= 2:
                    return self.send(503, b"busy")
                return self.send(200, html("after 503 burst"))
            if path == "/always-503":
                return self.send(503, b"down")
            if path == "/slow-drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(1000):
                    if fs.stopping.wait(0.1):
                        break
                    self.wfile.write(b"x")
                    self.wfile.flush()
                self.close_connection = True
                return
            if path == "/reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
                return
            if path == "/hang":
                fs.stopping.wait(30)
                self.close_connection = True
                return
            if path == "/loop-a":
                return self.redirect("/loop-b")
            if path == "/loop-b":
                return self.redirect("/loop-a")
            if path.startswith("/chain/"):
                n = int(path.rsplit("/", 1)[1])
                return self.redirect(f"/chain/{n - 1}") if n > 0 else self.send(200, html("end of chain"))
            if path == "/to-private":
                return self.redirect("http://10.255.255.1/secret")
            if path == "/to-link-local":
                return self.redirect("http://169.254.169.254/latest/meta-data/")
            if path == "/to-other-host":
                assert fs.other is not None
                return self.redirect(fs.other + "/")
            if path in ("/big", "/big-declared"):
                return self.big(declared=path == "/big-declared")
            if path == "/bomb":
                return self.chunked(bomb_chunks(), headers={"Content-Encoding": "gzip"})
            if path == "/cp1258":
                body = b"<html><head><title>cp1258</title></head><body><p>" + cp1258_bytes(VIETNAMESE) + b"</p></body></html>"
                return self.send(200, body, "text/html; charset=windows-1258")
            if path.startswith("/cal/"):
                y, m = (int(x) for x in path.split("/")[2:4])
                prev = date(y, m, 1) - timedelta(days=1)
                nxt = date(y, m, 28) + timedelta(days=5)
                return self.send(200, html(f"calendar {y}-{m:02d}", [f"/cal/{prev.year}/{prev.month:02d}",
                                                                     f"/cal/{nxt.year}/{nxt.month:02d}"]))
            if path == "/list":
                page = int(q.get("page", ["1"])[0])
                body = html(f"list page {page}", ["/item/1", "/item/2", "/item/3"]).replace(
                    b"</ul>", f'</ul><a href="/list?page={page + 1}">Trang sau</a>'.encode())
                return self.send(200, body)
            if path == "/news":
                return self.news(int(q.get("page", ["1"])[0]))
            if path == "/etag":
                headers = {"ETag": ETAG}
                if self.headers.get("If-None-Match") == ETAG:
                    return self.send(304, b"", headers=headers)
                return self.send(200, html("etag page"), headers=headers)
            if path == "/last-modified":
                headers = {"Last-Modified": LAST_MODIFIED}
                if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                    return self.send(304, b"", headers=headers)
                return self.send(200, html("last-modified page"), headers=headers)
            if path in ("/dup-a", "/dup-b"):
                return self.send(200, html("the same bytes under two URLs"))
            if path == "/sitemap-index.xml":
                body = ("<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        f"<sitemap><loc>{fs.url('/sitemap-news.xml.gz')}</loc><lastmod>2024-05-01</lastmod></sitemap>"
                        f"<sitemap><loc>{fs.url('/sitemap-old.xml')}</loc><lastmod>2019-01-01</lastmod></sitemap>"
                        "</sitemapindex>").encode()
                return self.send(200, body, "application/xml")
            if path == "/sitemap-news.xml.gz":
                body = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        f"<url><loc>{fs.url('/sm/new?id=1&amp;cat=2')}</loc><lastmod>2024-04-30T10:00:00+07:00</lastmod></url>"
                        f"<url><loc>{fs.url('/sm/old')}</loc><lastmod>2020-01-01</lastmod></url>"
                        "</urlset>").encode()
                return self.send(200, gzip.compress(body), "application/x-gzip")
            if path == "/sitemap-old.xml":
                body = (f"<urlset><url><loc>{fs.url('/sm/ancient')}</loc></url></urlset>").encode()
                return self.send(200, body, "application/xml")
            if path == "/rss.xml":
                body = ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
                        f"<item><title>a</title><link>{fs.url('/rss/new')}</link><pubDate>Tue, 30 Apr 2024 08:00:00 +0700</pubDate></item>"
                        f"<item><title>b</title><link><![CDATA[{fs.url('/rss/old')}]]></link><pubDate>Mon, 01 Jan 2018 08:00:00 +0700</pubDate></item>"
                        "</channel></rss>").encode()
                return self.send(200, body, "application/rss+xml")
            if path == "/atom.xml":
                body = ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                        f"<entry><title>a</title><link rel='alternate' href='{fs.url('/atom/new')}'/><updated>2024-04-29T08:00:00Z</updated></entry>"
                        f"<entry><title>b</title><link href='{fs.url('/atom/old')}'/><updated>2017-03-01T08:00:00Z</updated></entry>"
                        "</feed>").encode()
                return self.send(200, body, "application/atom+xml")
            if path == "/set-cookie":
                return self.send(200, html("cookie", ["/ok/after-cookie"]),
                                 headers={"Set-Cookie": "session=secret; Path=/"})
            if path == "/grow":
                return self.send(200, html("grow", [full + f"&p{len(full)}=aaaaaaaaaa" if "?" in full else "/grow?a=1"]))
            if path.startswith(("/item/", "/sm/", "/rss/", "/atom/", "/article/", "/news/", "/private/", "/ok")):
                return self.send(200, html(f"page {fs.host}{full}"))
            return self.send(404, b"not found")

        def robots_special(self, how: str) -> None:
            if how == "<redirect-path>":
                return self.redirect("/robots-real.txt", 301)
            if how == "<redirect-other>":
                assert fs.other is not None
                return self.redirect(fs.other + "/robots.txt", 301)
            if how == "<html>":
                return self.send(200, html("Trang chủ", ["/ok/from-html-robots"], "Disallow: /ok/"))
            if how == "<hang>":
                _client_stays(self, fs, 30)
                self.close_connection = True
                return None
            if how == "<huge>":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(BIG))
                self.end_headers()
                line = b"# " + b"x" * 97 + b"\n"
                head = HUGE_ROBOTS_HEAD.encode()
                sent = 0
                try:
                    self.wfile.write(head)
                    sent = len(head)
                    while sent < BIG and not fs.stopping.is_set():
                        piece = (line * 600)[: BIG - sent]
                        self.wfile.write(piece)
                        sent += len(piece)
                        fs.sent["/robots.txt"] = sent
                finally:
                    self.close_connection = True
                return None
            raise AssertionError(how)

        def hostile(self, path: str) -> bool:
            """The hostile routes (see the module docstring); True if one answered."""
            route = HOSTILE_ROUTES.get(path)
            if route is None:
                for prefix in ("/loc/", "/hop/"):
                    if path.startswith(prefix):
                        route = HOSTILE_ROUTES[prefix]
                        break
            if route is None:
                return False
            route(self, fs, path)
            return True

        def news(self, page: int) -> None:
            """A listing with five items per page, one month older per page, newest first."""
            items = []
            for i in range(5):
                d = date(2024, 6, 15) - timedelta(days=30 * (page - 1) + 6 * i)
                items.append(f'<li><a href="/news/{page}-{i}">Tin {page}-{i}</a> <span>{d:%d/%m/%Y}</span></li>')
            nav = f'<a href="/news?page={page + 1}">Trang sau</a>' if page < 40 else ""
            body = f"<html><body><ul>{''.join(items)}</ul>{nav}</body></html>".encode()
            self.send(200, body)

        def big(self, declared: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if declared:
                self.send_header("Content-Length", str(BIG))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            sent = 0
            key = self.path
            try:
                while sent < BIG and not fs.stopping.is_set():
                    piece = chunk[: BIG - sent]
                    if declared:
                        self.wfile.write(piece)
                    else:
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    sent += len(piece)
                    fs.sent[key] = sent
                if not declared:
                    self.wfile.write(b"0\r\n\r\n")
            finally:
                self.close_connection = True

    return Handler


# ------------------------------------------------------------------ hostile routes
def _client_stays(h: BaseHTTPRequestHandler, fs: _Host, seconds: float) -> bool:
    """Wait ``seconds``; False as soon as the client hung up (or the server stops), so the
    request's measured end is when the client gave up, not the server's next write."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if fs.stopping.is_set():
            return False
        readable, _, _ = select.select([h.connection], [], [], min(left, 0.01))
        if readable:
            try:
                if h.connection.recv(1, socket.MSG_PEEK) == b"":
                    return False
            except OSError:
                return False
    return True


def _slow_headers(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    h.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", close=False)
    for i in range(300):                       # one header line per 0.2 s for a minute
        if not _client_stays(h, fs, 0.2):
            break
        h.raw(f"X-Drip-{i}: {'y' * 20}\r\n".encode(), close=False)
    h.close_connection = True


def _continue_forever(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    for _ in range(3000):                      # 100 Continue every 10 ms for half a minute
        if not _client_stays(h, fs, 0.01):
            break
        h.raw(b"HTTP/1.1 100 Continue\r\n\r\n", close=False)
    h.close_connection = True


def _half_headers(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    h.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/ht", close=False)
    time.sleep(0.05)
    h.rst()


def _location(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    loc = LOCATIONS[path.split("/", 2)[2]]
    h.raw(b"HTTP/1.1 302 Found\r\nLocation: " + loc + b"\r\nContent-Length: 0\r\n\r\n")


def _hop(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    n = int(path.rsplit("/", 1)[1])
    if n <= 0:
        return h.send(200, html(f"end of hops on {fs.host}"))
    assert fs.other is not None
    return h.send(301, b"", headers={"Location": f"{fs.other}/hop/{n - 1}"})


def _sitemap_200k(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    def pieces() -> Iterator[bytes]:
        yield b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        for start in range(0, SITEMAP_URLS, 5000):
            yield "".join(f"<url><loc>/sm/{i}</loc></url>"
                          for i in range(start, start + 5000)).encode()
        yield b"</urlset>"
    h.chunked(pieces(), {}, "application/xml")


_BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                   + b"".join(f' <!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">\n'.encode()
                              for i in range(1, 10))
                   + b"]>\n<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                     b"<url><loc>&lol9;</loc></url><url><loc>/sm/after-bomb</loc></url></urlset>")


def _many_links() -> bytes:
    anchors = "".join(f'<a href="/ok/many/{i}">{i}</a> ' for i in range(MANY_LINKS))
    return f"<!doctype html><html><head><title>many</title></head><body><div>{anchors}</div></body></html>".encode()


_MANY_LINKS: list[bytes] = []


def _links_100k(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    if not _MANY_LINKS:
        _MANY_LINKS.append(_many_links())
    h.send(200, _MANY_LINKS[0])


def _base_other(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    assert fs.other is not None
    body = (f"<html><head><base href='{fs.other}/elsewhere/'><title>base</title></head><body>"
            "<a href='ok/base-relative'>relative</a> <a href='/ok/base-rooted'>rooted</a>"
            f"<a href='{fs.base_url}/ok/base-absolute'>absolute</a></body></html>").encode()
    h.send(200, body)


def _meta_refresh(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    body = (b"<html><head><meta http-equiv='Refresh' content='0; URL=/ok/refreshed'>"
            b"<meta http-equiv='refresh' content='5'><title>moved</title></head><body>moved</body></html>")
    h.send(200, body)


def _huge_404(h: BaseHTTPRequestHandler, fs: _Host, path: str) -> None:
    h.send_response(404)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(BIG))
    h.end_headers()
    chunk = b"<p>not found</p>" * 4096
    sent = 0
    try:
        while sent < BIG and not fs.stopping.is_set():
            piece = chunk[: BIG - sent]
            h.wfile.write(piece)
            sent += len(piece)
            fs.sent[path] = sent
    finally:
        h.close_connection = True


def _unclosed(tag: bytes, inner: bytes) -> bytes:
    return b"<?xml version='1.0'?><" + tag + b"set>" + (b"<" + tag + b">" + inner) * 20_000


HOSTILE_ROUTES: dict[str, Callable[[BaseHTTPRequestHandler, _Host, str], None]] = {
    "/garbage": lambda h, fs, p: h.raw(b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff\xfe not http at all\r\n\r\n"),
    "/bad-status": lambda h, fs, p: h.raw(b"HTTP/1.1 OK 200\r\nContent-Length: 2\r\n\r\nok"),
    "/slow-headers": _slow_headers,
    "/huge-header": lambda h, fs, p: h.raw(b"HTTP/1.1 200 OK\r\nX-Huge: " + b"a" * 1_000_000
                                           + b"\r\nContent-Length: 2\r\n\r\nok"),
    "/bad-chunked": lambda h, fs, p: h.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                           b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
    "/short-body": lambda h, fs, p: h.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                          b"Content-Length: 1000\r\n\r\n<html><body>cut"),
    "/br": lambda h, fs, p: h.send(200, b"\x1b\x07\x00\xf8\xa5\x8e\x94\x8a\x89", headers={"Content-Encoding": "br"}),
    "/unknown-encoding": lambda h, fs, p: h.send(200, b"<html>x</html>", headers={"Content-Encoding": "x-vinex"}),
    "/loc/": _location,
    "/frag-self": lambda h, fs, p: h.redirect("/frag-self#part-2"),
    "/hop/": _hop,
    "/sitemap-bomb.xml": lambda h, fs, p: h.send(200, _BILLION_LAUGHS, "application/xml"),
    "/sitemap-200k.xml": _sitemap_200k,
    "/links-100k": _links_100k,
    "/base-other": _base_other,
    "/meta-refresh": _meta_refresh,
    "/empty": lambda h, fs, p: h.send(200, b""),
    "/no-content": lambda h, fs, p: h.raw(b"HTTP/1.1 204 No Content\r\n\r\n", close=False),
    "/404-huge": _huge_404,
    "/get-405": lambda h, fs, p: h.send(405, b"method not allowed", headers={"Allow": "HEAD"}),
    "/close-at-once": lambda h, fs, p: setattr(h, "close_connection", True),   # FIN, no answer
    "/half-headers": _half_headers,
    "/charset-undefined": lambda h, fs, p: h.send(200, b"<html><a href='/ok/x'>x</a></html>", "text/html; charset=undefined"),
    "/retry-after-unicode": lambda h, fs, p: h.raw("HTTP/1.1 503 Busy\r\nRetry-After: ²\r\nContent-Length: 0\r\n\r\n"
                                                   .encode()),
    "/sitemap-corrupt.xml.gz": lambda h, fs, p: h.send(200, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 64,
                                                       "application/x-gzip"),
    "/sitemap-unclosed.xml": lambda h, fs, p: h.send(200, _unclosed(b"url", b"<loc>/sm/u</loc>"), "application/xml"),
    "/feed-unclosed.xml": lambda h, fs, p: h.send(200, _unclosed(b"item", b"<link>/rss/u</link>").replace(
        b"<itemset>", b"<rss><channel>"), "application/rss+xml"),
    "/switching": lambda h, fs, p: h.raw(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
                                         b"\x00\x00\x12\x04\x00\x00\x00\x00\x00"),
    "/continue-forever": _continue_forever,
    "/status-999": lambda h, fs, p: h.raw(b"HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\nok"),
}


@pytest.fixture
def hosts() -> Iterator[Callable[..., FaultServer]]:
    """A factory of fault servers, all stopped when the test ends."""
    made: list[FaultServer] = []

    def make(**kwargs: object) -> FaultServer:
        made.append(FaultServer(**kwargs))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for server in made:
        server.stop()


def fast(**overrides: object) -> CrawlSettings:
    """Crawler settings for tests: loopback allowed, no delay, short timeouts and backoff."""
    base: dict[str, object] = dict(
        allow_private=True, delay=0.0, adaptive_delay=False, connect_timeout=1.0, read_timeout=0.5,
        total_timeout=1.0, retries=2, backoff=0.05, max_backoff=0.2, max_retry_after=3.0, robots_timeout=1.0,
        contact_url="https://example.org/vinex-tests")
    base.update(overrides)
    return CrawlSettings(**base)  # type: ignore[arg-type]
