"""URL scope and normalisation: http(s) only, the seeds' hosts, no private addresses."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urldefrag, urljoin, urlsplit

from url_normalize import url_normalize

from .errors import ScopeError

TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "zarsrc", "mc_", "_ga")


def normalize(url: str, base: str | None = None) -> str:
    """Absolute, canonical URL: fragment dropped, tracking parameters removed, case and
    default ports normalised (url-normalize)."""
    if base:
        url = urljoin(base, url)
    url, _ = urldefrag(url.strip())
    norm = url_normalize(url)
    parts = urlsplit(norm)
    if parts.query:
        kept = [q for q in parts.query.split("&") if not q.lower().startswith(TRACKING_PREFIXES)]
        norm = parts._replace(query="&".join(kept)).geturl()
    return norm


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ScopeError(f"not an http(s) URL: {url}")


def check_address(url: str, allow_private: bool) -> None:
    """Refuse loopback, private, link-local and reserved addresses (after DNS resolution)."""
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise ScopeError(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise ScopeError(f"refusing private address {ip} for {host} (use --allow-private)")
