"""The ``vinex`` command: each command is a thin shell over one Python function."""
from __future__ import annotations

import ipaddress
import json
import logging
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__, orchestrate, store
from .clean import clean_html
from .crawl import CrawlSettings, CrawlStats, crawl as run_crawl
from .dates import VN_TZ
from .errors import InputError, ScopeError, VinexError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="vinex: Vietnamese government-portal article extraction into DuckDB.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _resources():
    from extractors import load_resources
    return load_resources()


def _settings(max_pages: int, allow_private: bool, allow_host: list[str], delay: float, max_depth: int, *,
              since: Optional[str] = None, contact_url: Optional[str] = None, per_host_concurrency: int = 2,
              concurrency: int = 16, timeout: float = 60.0, retries: int = 3, recrawl: bool = False,
              allow_network: Optional[list[str]] = None) -> CrawlSettings:
    for net in allow_network or ():
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            err.print(f"[red]error:[/red] --allow-network must be a network like 10.0.0.0/8, not {net!r}")
            raise typer.Exit(2)
    since_at = None
    if since:
        try:
            since_at = datetime.fromisoformat(since)
        except ValueError:
            err.print(f"[red]error:[/red] --since must be a date like 2024-01-31, not {since!r}")
            raise typer.Exit(2)
        if since_at.tzinfo is None:
            since_at = since_at.replace(tzinfo=VN_TZ)   # a bare date means that day in Vietnam
    extra = {"contact_url": contact_url} if contact_url else {}
    return CrawlSettings(max_pages=max_pages, allow_private=allow_private, allow_hosts=tuple(allow_host),
                         allow_networks=tuple(allow_network or ()),
                         delay=delay, max_depth=max_depth, since=since_at, per_host_concurrency=per_host_concurrency,
                         concurrency=concurrency, total_timeout=timeout, retries=retries, recrawl=recrawl, **extra)


def _progress_callback():
    """A rich progress bar on a terminal; otherwise a quiet log line every 30 s."""
    if not err.is_terminal:
        last = [time.monotonic()]

        def log_line(s: CrawlStats) -> None:
            if time.monotonic() - last[0] > 30:
                last[0] = time.monotonic()
                rate = s.done / max(time.monotonic() - s.started, 1e-6)
                err.print(f"crawl: {s.done} done ({s.fetched} fetched, {s.not_modified} unchanged, "
                          f"{s.http_errors} HTTP errors, {s.errors} failed), {s.queued} queued, {rate:.1f} pages/s")
        return None, log_line
    progress = Progress(TextColumn("[bold]crawl"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[info]}"), TimeElapsedColumn(), console=err, transient=True)
    task = progress.add_task("crawl", total=None, info="")

    def update(s: CrawlStats) -> None:
        rate = s.done / max(time.monotonic() - s.started, 1e-6)
        progress.update(task, completed=s.done, total=s.done + s.queued + s.in_flight,
                        info=f"{rate:.1f} pages/s · {s.http_errors + s.errors} errors · {s.not_modified} unchanged"
                             f" · {s.retries} retries · {s.in_flight} in flight · {s.waiting_hosts} hosts waiting")
    return progress, update


def _crawl_summary(s: CrawlStats) -> str:
    secs = time.monotonic() - s.started
    return (f"crawl: {s.fetched} fetched, {s.not_modified} unchanged, {s.duplicates} duplicates, "
            f"{s.http_errors} HTTP errors, {s.errors} failed, {s.retries} retries, {s.skipped} links skipped "
            f"(traps, --since, depth), {s.off_scope} off scope, {s.queued} still queued; "
            f"{s.bytes / 1e6:.1f} MB in {secs:.1f} s")


def _open(db: Path):
    try:
        return store.connect(db)
    except VinexError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)


@app.command()
def crawl(seeds: list[str] = typer.Argument(..., help="Seed URLs: articles, listings, sitemaps, feeds."),
          db: Path = typer.Option(..., "--db", help="DuckDB file (created if missing)."),
          max_pages: int = typer.Option(1000, help="Stop after this many URLs fetched by this crawl, counted across "
                                              "interrupted runs (a killed crawl resumes with what is left)."),
          max_depth: int = typer.Option(6, help="Links followed from a seed at most this deep (pagination not counted)."),
          delay: float = typer.Option(1.0, help="Minimum seconds between requests to one host (robots Crawl-delay wins if larger)."),
          allow_private: bool = typer.Option(False, help="Allow loopback/private addresses."),
          allow_network: list[str] = typer.Option([], help="A private network allowed anyway, e.g. 10.20.0.0/16 (repeatable)."),
          allow_host: list[str] = typer.Option([], help="Extra hosts in scope (repeatable)."),
          since: Optional[str] = typer.Option(None, help="Skip links dated before this date (YYYY-MM-DD) and stop paging back past it."),
          contact_url: Optional[str] = typer.Option(None, help="Contact URL put in the User-Agent."),
          per_host_concurrency: int = typer.Option(2, help="Requests in flight to one host."),
          concurrency: int = typer.Option(16, help="Requests in flight across all hosts."),
          timeout: float = typer.Option(60.0, help="Seconds for one request, body included."),
          retries: int = typer.Option(3, help="Retries on 429/5xx/connection errors (backoff, Retry-After)."),
          recrawl: bool = typer.Option(False, help="Fetch done URLs again (conditional GET: only changes transfer).")) -> None:
    """Fetch and store raw pages (resumable; robots.txt honoured)."""
    con = _open(db)
    progress, update = _progress_callback()
    settings = _settings(max_pages, allow_private, allow_host, delay, max_depth, since=since, contact_url=contact_url,
                         per_host_concurrency=per_host_concurrency, concurrency=concurrency, timeout=timeout,
                         retries=retries, recrawl=recrawl, allow_network=allow_network)
    try:
        if progress:
            with progress:
                stats = run_crawl(con, seeds, settings, update)
        else:
            stats = run_crawl(con, seeds, settings, update)
    except ScopeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    out.print(_crawl_summary(stats))


@app.command()
def clean(files: list[Path] = typer.Argument(..., help="HTML files."),
          format: str = typer.Option("text", "--format", help="text | jsonl")) -> None:
    """Print the main content of HTML pages."""
    if format not in ("text", "jsonl"):
        err.print("[red]error:[/red] --format must be text or jsonl")
        raise typer.Exit(2)
    failed = 0
    for path in files:
        try:
            art = clean_html(path.read_bytes(), url=path.resolve().as_uri())
        except (OSError, InputError) as exc:
            err.print(f"[red]error:[/red] {path}: {exc}")
            failed += 1
            continue
        except Exception as exc:  # a bug on one page must not lose the others: report it, go on
            err.print(f"[red]error:[/red] {path}: internal error, please report it ({type(exc).__name__}: {exc})")
            failed += 1
            continue
        if format == "jsonl":
            print(json.dumps({"source": str(path), "title": art.title,
                              "published": art.published.isoformat() if art.published else None,
                              "byline": art.byline, "text": art.text, "lead": art.lead,
                              "captions": list(art.captions), "is_article": art.is_article},
                             ensure_ascii=False))
        else:
            print(art.text)
            print()
    if failed:
        raise typer.Exit(1)


@app.command()
def extract(files: list[Path] = typer.Argument(None, help=".txt (clean) or .html files."),
            format: str = typer.Option("jsonl", "--format", help="jsonl"),
            db: Optional[Path] = typer.Option(None, "--db", help="Re-extract stored articles instead of files."),
            rerun: bool = typer.Option(False, help="With --db: extract every article again as a new run.")) -> None:
    """Extract facts from files (JSON lines) or from stored articles (a new run)."""
    resources = _resources()
    if db is not None:
        con = _open(db)
        stats = orchestrate.extract_db(con, resources, rerun=rerun, command="extract --rerun" if rerun else "extract")
        out.print(f"extract: run {stats.run_id}, {stats.articles} articles, {stats.failed} failed"
                  if stats.run_id else "extract: nothing to do (use --rerun to extract again)")
        return
    if not files:
        err.print("[red]error:[/red] give files or --db")
        raise typer.Exit(2)
    if format != "jsonl":
        err.print("[red]error:[/red] only --format jsonl is supported")
        raise typer.Exit(2)
    failed = 0
    for path in files:
        try:
            facts = orchestrate.facts_for_file(path, resources, source=str(path))
            print(json.dumps(facts.to_json(), ensure_ascii=False), flush=True)
        except (OSError, VinexError) as exc:
            err.print(f"[red]error:[/red] {path}: {exc}")
            failed += 1
        except Exception as exc:  # a bug on one file must not lose the others: report it, go on
            err.print(f"[red]error:[/red] {path}: internal error, please report it ({type(exc).__name__}: {exc})")
            failed += 1
    if failed:
        raise typer.Exit(1)


@app.command()
def ingest(seeds: list[str] = typer.Argument(...), db: Path = typer.Option(..., "--db"),
           max_pages: int = typer.Option(1000), max_depth: int = typer.Option(6),
           delay: float = typer.Option(1.0), allow_private: bool = typer.Option(False),
           allow_network: list[str] = typer.Option([], help="A private network allowed anyway (repeatable)."),
           allow_host: list[str] = typer.Option([]),
           since: Optional[str] = typer.Option(None, help="Skip links dated before this date (YYYY-MM-DD)."),
           contact_url: Optional[str] = typer.Option(None, help="Contact URL put in the User-Agent."),
           recrawl: bool = typer.Option(False, help="Fetch done URLs again (conditional GET)."),
           summary: bool = typer.Option(True, help="Print counts and example queries.")) -> None:
    """Crawl + clean + extract + load."""
    con = _open(db)
    progress, update = _progress_callback()
    settings = _settings(max_pages, allow_private, allow_host, delay, max_depth, since=since,
                         contact_url=contact_url, recrawl=recrawl, allow_network=allow_network)
    try:
        if progress:
            with progress:
                result = orchestrate.ingest(con, seeds, settings, _resources(), update)
        else:
            result = orchestrate.ingest(con, seeds, settings, _resources(), update)
    except ScopeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    c, k, x = result.crawl, result.clean, result.extract
    out.print(_crawl_summary(c))
    out.print(f"clean: {k.articles} articles ({k.changed} new or changed), {k.not_articles} other pages, {k.failed} failed")
    out.print(f"extract: {x.articles} articles in run {x.run_id}" if x.run_id else "extract: nothing new")
    if summary:
        _print_summary(con, db)


def _print_summary(con, db: Path) -> None:
    table = Table(title=f"vinex summary: {db}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in orchestrate.summary(con).items():
        table.add_row(k, str(v))
    out.print(table)
    out.print("Try:")
    for q in orchestrate.EXAMPLE_QUERIES:
        out.print(f'  vinex query --db {db} "{q}"')


@app.command()
def query(sql: str = typer.Argument(...), db: Path = typer.Option(..., "--db")) -> None:
    """Run SQL against the database and print a table."""
    con = _open(db)
    try:
        cur = con.execute(sql)
    except Exception as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    if cur.description is None:
        return
    table = Table()
    for col in cur.description:
        table.add_column(col[0])
    for row in cur.fetchall():
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)


@app.command(name="eval")
def eval_(fixtures: Path = typer.Argument(Path("fixtures"), help="Fixtures directory with gold/."),
          json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
          show: int = typer.Option(15, help="Misses/false positives listed per field."),
          clean: bool = typer.Option(False, "--clean", help="Score the cleaner (shingle P/R/F1) instead."),
          generic: bool = typer.Option(False, "--generic", help="With --clean: no site profiles.")) -> None:
    """Precision/recall/F1 per field against the gold annotations (--clean: of the cleaner)."""
    if clean:
        from .clean_eval import evaluate_clean
        rep = evaluate_clean(fixtures, profiles=not generic)
        if json_out:
            print(json.dumps(rep, ensure_ascii=False, indent=2))
            return
        table = Table(title=f"cleaner vs gold main text ({len(rep['pages'])} pages, 4-token shingles)")
        for c in ("page", "precision", "recall", "F1"):
            table.add_column(c, justify="right" if c != "page" else "left")
        for pid, s in [*rep["pages"].items(), ("mean", rep["mean"])]:
            table.add_row(pid, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}")
        out.print(table)
        return
    from .evaluate import evaluate
    if not (fixtures / "gold").is_dir():
        err.print(f"[red]error:[/red] no gold/ directory in {fixtures}")
        raise typer.Exit(2)
    report = evaluate(fixtures, _resources())
    if json_out:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"extraction vs gold ({report.documents} documents)")
    for c in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(c, justify="right" if c != "field" else "left")
    for name, s in report.fields.items():
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
    out.print(table)
    for name, s in report.fields.items():
        for label, items in (("missed", s.misses), ("false positive", s.false_positives)):
            for item in items[:show]:
                out.print(f"  {name} {label}: {item}")


@app.command()
def demo(db: Path = typer.Option(Path("vinex.duckdb"), "--db"),
         delay: float = typer.Option(0.05, help="Politeness delay against the local portal.")) -> None:
    """Serve the bundled fixture portal on 127.0.0.1, ingest it, print a summary."""
    from . import devserver
    sites = devserver.serve()
    try:
        seeds = [s.base_url + "/" for s in sites]
        out.print("fixture portal: " + ", ".join(f"{s.name} {s.base_url}" for s in sites))
        con = _open(db)
        result = orchestrate.ingest(con, seeds, _settings(2000, True, [], delay, 6), _resources())
        c, k = result.crawl, result.clean
        out.print(f"crawl: {c.fetched} fetched, {c.http_errors} HTTP errors, {c.errors} refused or failed "
                  f"(see pages.error); clean: {k.articles} articles, {k.not_articles} listing/section pages")
        _print_summary(con, db)
    finally:
        devserver.stop(sites)


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def version() -> None:
    """Print the vinex and extractor versions."""
    import extractors
    print(json.dumps({"vinex": __version__, **extractors.versions()}))
