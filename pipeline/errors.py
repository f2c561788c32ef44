"""The one exception tree of vinex. Foreign errors are translated at the edge.

* VinexError                 -- anything vinex raises on purpose
  + InputError               -- a file or page vinex was given cannot be read
    - DecodeError            -- bytes that no charset decodes
    - NotHtmlError           -- content that is not HTML (or text, where text is allowed)
  + FetchError               -- a URL could not be fetched (timeout, refused, too big …)
    - ScopeError             -- a URL outside the crawl scope (scheme, host, private address)
    - RobotsDisallowed       -- robots.txt forbids the URL, or could not be fetched
    - FetchTimeout           -- no complete answer in time (connect, read or total)
    - ConnectionFailed       -- the connection was refused, reset or broken
    - TooLarge               -- the body is over the size cap, on the wire or decompressed
    - ContentEncodingError   -- a Content-Encoding that is unsupported or corrupt
    - RedirectError          -- a redirect loop, too many redirects, or no usable Location
    - HTTPStatusError        -- the server answered 4xx/5xx
    - GivenUp                -- a URL in flight when too many crawls stopped
  + StoreError               -- the DuckDB file cannot be opened or migrated

The crawler stores a failed URL's error in ``pages.error`` as ``"<kind>: <message>"`` and the
kind alone in ``pages.failure_kind``, so failures can be counted with GROUP BY: the ``kind``
attribute of the FetchError subclasses below (``timeout``, ``too-large``, ``robots`` …),
``scope`` for ScopeError, and ``store`` for a fetched page DuckDB refused to take
(``crawl_writes.flush_each``: recorded as failed, the crawl goes on).
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


class _FetchFailure(FetchError):
    """A FetchError with what is known of the exchange: the URL that failed (a redirect
    target, maybe), the HTTP status and content type, and a ``Retry-After`` wait."""

    kind = "fetch"

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 content_type: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.content_type = content_type
        self.retry_after = retry_after


class RobotsDisallowed(_FetchFailure):
    """Raised when robots.txt forbids the URL, or robots.txt was unreachable (RFC 9309:
    the whole host is then treated as disallowed)."""

    kind = "robots"


class FetchTimeout(_FetchFailure):
    """Raised when a request gets no complete answer in time: the connect or read timeout,
    or the total time allowed for one request, body included."""

    kind = "timeout"


class ConnectionFailed(_FetchFailure):
    """Raised when the connection cannot be made or breaks (refused, reset, protocol error)."""

    kind = "connection"


class TooLarge(_FetchFailure):
    """Raised when a body is over the size cap: declared, streamed on the wire, or after
    decompression (gzip bombs)."""

    kind = "too-large"


class ContentEncodingError(_FetchFailure):
    """Raised when a body has an unsupported Content-Encoding or does not decompress."""

    kind = "encoding"


class RedirectError(_FetchFailure):
    """Raised on a redirect loop, more redirects than allowed, or a redirect without a
    usable Location."""

    kind = "redirect"


class HTTPStatusError(_FetchFailure):
    """Raised when the server answers with a 4xx or 5xx status (``status`` is set)."""

    kind = "http-status"


class GivenUp(_FetchFailure):
    """Raised for a URL that was in flight when too many crawl runs stopped (a URL that
    kills the crawler is not fetched forever)."""

    kind = "interrupted"
