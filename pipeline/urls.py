"""URL normalisation and scope: http(s) only, the seeds' hosts, no private addresses.

``normalize`` is url-normalize (case, default ports, percent-encoding, dot segments) plus
what it leaves alone: fragments, credentials and tracking parameters are dropped. Other
query parameters keep their order (url-normalize's ``filter_params=True`` would drop
every parameter that is not allowlisted, ids included, so it is not used).
"""
from __future__ import annotations

import ipaddress
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


def normalize(url: str, base: str | None = None) -> str:
    """The absolute, canonical form of ``url`` (resolved against ``base``).

    Returns a URL with the fragment, credentials, empty and tracking query parameters
    removed; scheme and host lower-cased; default ports dropped. The path keeps its case.
    Raises ValueError on URLs that cannot be parsed.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    url, _ = urldefrag(url)
    norm = url_normalize(url)
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
