"""Bytes to text: HTTP header charset, BOM, <meta charset>, then detection
(charset-normalizer). Output is NFC; HTML entities are left for the parser to decode."""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from .errors import DecodeError

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (NFC text, charset used). Raises DecodeError if nothing decodes the bytes."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data[len(bom):].decode(enc, errors="replace")), enc
    candidates = [_known(charset_from_content_type(content_type))]
    m = _META.search(data[:4096])
    candidates.append(_known(m.group(1).decode("ascii", "ignore")) if m else None)
    for enc in candidates:
        if enc:
            try:
                return unicodedata.normalize("NFC", data.decode(enc)), enc
            except (UnicodeError, LookupError):   # 'undefined', 'idna', non-text codecs such as 'rot13'
                continue
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable bytes: no charset fits")
    return unicodedata.normalize("NFC", str(best)), best.encoding
