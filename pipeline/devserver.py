"""Serve the bundled fixture portal: one static site per port (each port a separate host),
with ``__BASE_URL__`` in .html/.xml/.txt files replaced by that site's own base URL."""
from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PORTAL = Path(__file__).resolve().parent.parent / "fixtures" / "portal"
TOKEN = b"__BASE_URL__"


@dataclass
class Site:
    name: str
    root: Path
    server: ThreadingHTTPServer

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "vinex-fixture/1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            rel = unquote(parts.path).lstrip("/") or "index.html"
            if parts.query:  # query-string URLs (ASP.NET portals) are files named "path?query"
                rel = f"{rel}?{unquote(parts.query)}"
            path = (root / rel).resolve()
            if path.is_dir():
                path = path / "index.html"
            if root.resolve() not in path.parents and path != root.resolve() or not path.is_file():
                self.send_error(404)
                return
            body = path.read_bytes()
            if path.suffix in (".html", ".htm", ".xml", ".txt") or ".aspx" in path.name:
                host, port = self.server.server_address[:2]
                body = body.replace(TOKEN, f"http://{host}:{port}".encode())
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if path.suffix in (".html", ".htm", ".aspx") or ".aspx" in path.name:
                ctype = "text/html; charset=utf-8"
            elif path.name == "rss.xml":
                ctype = "application/rss+xml; charset=utf-8"
            elif path.suffix == ".xml":
                ctype = "application/xml; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(portal: Path = PORTAL, host: str = "127.0.0.1") -> list[Site]:
    """Start one threaded server per site directory on free ports; returns the sites."""
    sites = []
    for root in sorted(p for p in portal.iterdir() if p.is_dir()):
        server = ThreadingHTTPServer((host, 0), _handler(root))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sites.append(Site(root.name, root, server))
    return sites


def stop(sites: list[Site]) -> None:
    for s in sites:
        s.server.shutdown()
        s.server.server_close()
