"""URL normalisation and scope: http(s) only, the seeds' hosts, no private addresses.

``normalize`` is url-normalize (case, default ports, percent-encoding, dot segments) plus
what it leaves alone: fragments, credentials and tracking parameters are dropped. Other
query parameters keep their order (url-normalize's ``filter_params=True`` would drop
every parameter that is not allowlisted, ids included, so it is not used).
"""
from __future__ import annotations

import functools
import ipaddress
import re
import socket
from urllib.parse import urldefrag, urljoin, urlsplit

from url_normalize import url_normalize

from .errors import ScopeError

# Parameters that only say where a click came from; the page is the same without them.
TRACKING_PREFIXES = ("utm_", "mc_", "_ga", "_hs", "pk_", "piwik_", "matomo_")
TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "zarsrc", "zaloid",
    "_openstat", "ref_src", "ref_url", "spm", "vero_id", "wickedid", "oly_anon_id", "oly_enc_id",
})


def _is_tracking(param: str) -> bool:
    name = param.split("=", 1)[0].lower()
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)


# URLs that url-normalize returns as they are, apart from the host: lower-case http(s), a
# host checked once (``_canonical_host``), a non-default port without leading zeros, a path
# of unreserved characters without dot segments, a query of unreserved characters. A
# sitemap lists 50,000 of them; url-normalize takes ~0.5 ms each (IDNA), this ~2 µs.
_PARAM = r"[A-Za-z0-9\-._~]*(?:=[A-Za-z0-9\-._~]*)?"
_PLAIN = re.compile(r"(https?)://([a-z0-9.\-]{1,253})(?::([1-9][0-9]{0,4}))?"
                    rf"(/(?:[A-Za-z0-9\-_~][A-Za-z0-9\-._~]*/?)*)(?:\?({_PARAM}(?:&{_PARAM})*))?")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


@functools.lru_cache(maxsize=4096)
def _canonical_host(host: str) -> bool:
    try:
        return url_normalize(f"http://{host}/") == f"http://{host}/"
    except ValueError:
        return False


def _plain(url: str) -> str | None:
    """``url`` if url-normalize would return it unchanged, else None (not sure)."""
    m = _PLAIN.fullmatch(url)
    if m is None:
        return None
    scheme, host, port, _, _ = m.groups()
    if port is not None and (port == _DEFAULT_PORTS[scheme] or int(port) > 65535):
        return None
    return url if _canonical_host(host) else None


@functools.lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _join(base: str, url: str) -> str:
    """``urljoin(base, url)``, without parsing ``base`` again for the two common shapes (a
    sitemap or a page lists thousands of links): absolute http(s) URLs and rooted paths
    (dot segments are removed by the normalisation that follows)."""
    if url[:8].lower().startswith(("http://", "https://")):
        return url
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        origin = _origin(base)
        if origin is not None:
            return origin + url
    return urljoin(base, url)


def normalize(url: str, base: str | None = None) -> str:
    """The absolute, canonical form of ``url`` (resolved against ``base``).

    Returns a URL with the fragment, credentials, empty and tracking query parameters
    removed; scheme and host lower-cased; default ports dropped. The path keeps its case.
    Raises ValueError on URLs that cannot be parsed.
    """
    url = url.strip()
    if base:
        url = _join(base, url)
    url, _ = urldefrag(url)
    norm = _plain(url) or url_normalize(url)
    parts = urlsplit(norm)
    if parts.username is not None or parts.password is not None:
        parts = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1])
    if parts.query:
        kept = [q for q in parts.query.split("&") if q and not _is_tracking(q)]
        parts = parts._replace(query="&".join(kept))
    return parts.geturl()


def host_of(url: str) -> str:
    """``host[:port]`` of ``url``, lower-cased: the unit of scope and politeness."""
    return urlsplit(url).netloc.lower()


def check_scheme(url: str) -> None:
    """Raise ScopeError unless ``url`` is http(s)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ScopeError(f"not an http(s) URL: {url}")


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified)


def resolve(host: str, port: int | None = None) -> list[str]:
    """Addresses of ``host`` (blocking DNS). Raises ScopeError if it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ScopeError(f"cannot resolve {host}: {exc}") from exc
    return sorted({info[4][0] for info in infos})


def check_addresses(host: str, addresses: list[str], allow_private: bool,
                    allow_networks: tuple[str, ...] = ()) -> None:
    """Raise ScopeError if any address of ``host`` is private, loopback, link-local or
    reserved, unless ``allow_private`` or the address is inside one of ``allow_networks``."""
    if allow_private:
        return
    nets = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
    for addr in addresses:
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        if not is_public(ip) and not any(ip in n for n in nets):
            raise ScopeError(f"refusing private address {ip} for {host} (use --allow-private)")


def check_address(url: str, allow_private: bool, allow_networks: tuple[str, ...] = ()) -> None:
    """Resolve the host of ``url`` and refuse private addresses (see ``check_addresses``)."""
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    check_addresses(host, resolve(host), allow_private, allow_networks)
