"""The one exception tree of vinex. Foreign errors are translated at the edge.

* VinexError                 -- anything vinex raises on purpose
  + InputError               -- a file or page vinex was given cannot be read
    - DecodeError            -- bytes that no charset decodes
    - NotHtmlError           -- content that is not HTML (or text, where text is allowed)
  + FetchError               -- a URL could not be fetched (timeout, refused, too big …)
    - ScopeError             -- a URL outside the crawl scope (scheme, host, private address)
  + StoreError               -- the DuckDB file cannot be opened or migrated
"""


class VinexError(Exception):
    """Base class of every error vinex raises on purpose."""


class InputError(VinexError):
    """Raised when an input file or page cannot be read or parsed."""


class DecodeError(InputError):
    """Raised when bytes cannot be decoded as text in any charset."""


class NotHtmlError(InputError):
    """Raised when content is not HTML (e.g. an image or a PDF)."""


class FetchError(VinexError):
    """Raised when a URL cannot be fetched; the message says why."""


class ScopeError(FetchError):
    """Raised when a URL is out of scope: not http(s), another host, or a private address."""


class StoreError(VinexError):
    """Raised when the database cannot be opened or migrated."""
