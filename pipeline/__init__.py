"""vinex: crawl Vietnamese government portals, clean, extract facts, load into DuckDB."""
__version__ = "0.1.0"

from .clean import clean_html  # noqa: E402

__all__ = ["__version__", "clean_html"]
