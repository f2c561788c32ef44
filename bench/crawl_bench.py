"""Crawler benchmark: N pages over H local hosts answering with a fixed latency.

Reports the wall time against the politeness lower bound (pages per host × delay: one
host may not be asked faster than that), pages/s, and the resident memory of the
crawling process as the crawl goes (flat memory = the frontier stays in DuckDB).

    .venv/bin/python -m bench.crawl_bench                      # 2,000 pages, 20 hosts, 50 ms, delay 0.25 s
    .venv/bin/python -m bench.crawl_bench --delay 0.1 --pages 4000

The hosts are served by a separate process (asyncio, keep-alive) on 127.0.0.1, so the
server does not share the crawler's CPU time slice or its GIL.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _page(host: int, n: int, per_host: int) -> bytes:
    if n == 0:
        links = "".join(f'<li><a href="/tin-tuc/bai-{i}.html">Bài {i}</a></li>' for i in range(1, per_host))
    else:
        links = f'<a href="/">Trang chủ</a><a href="/tin-tuc/bai-{max(1, n - 1)}.html">Bài trước</a>'
    para = f"<p>Tin số {n} của cổng {host}: Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {n}. </p>" * 30
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Bài {n} / {host}</title></head>"
            f"<body><h1>Bài {n}</h1>{para}<ul>{links}</ul></body></html>").encode()


def _serve(hosts: int, per_host: int, latency: float, ports: mp.Queue) -> None:
    async def main() -> None:
        servers = []
        for h in range(hosts):
            async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, h: int = h) -> None:
                try:
                    while True:
                        head = await reader.readuntil(b"\r\n\r\n")
                        path = head.split(b" ", 2)[1].decode()
                        await asyncio.sleep(latency)
                        if path == "/robots.txt":
                            status, body = "200 OK", b"User-agent: *\nAllow: /\n"
                        elif path == "/":
                            status, body = "200 OK", _page(h, 0, per_host)
                        elif path.startswith("/tin-tuc/bai-"):
                            status, body = "200 OK", _page(h, int(path[13:].split(".")[0]), per_host)
                        else:
                            status, body = "404 Not Found", b"not found"
                        writer.write(f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
                                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                        await writer.drain()
                except (asyncio.IncompleteReadError, ConnectionError):
                    pass
                finally:
                    writer.close()
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
            servers.append(server)
        ports.put([s.sockets[0].getsockname()[1] for s in servers])
        await asyncio.Event().wait()
    asyncio.run(main())


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(pages: int, hosts: int, latency: float, delay: float, concurrency: int, per_host_concurrency: int) -> dict:
    from pipeline import store
    from pipeline.crawl import CrawlSettings, crawl

    per_host = pages // hosts
    ports: mp.Queue = mp.Queue()
    server = mp.Process(target=_serve, args=(hosts, per_host, latency, ports), daemon=True)
    server.start()
    try:
        seeds = [f"http://127.0.0.1:{p}/" for p in ports.get(timeout=30)]
        samples: list[tuple[int, float]] = []

        def progress(s) -> None:
            if not samples or s.done - samples[-1][0] >= pages // 10:
                samples.append((s.done, _rss_mb()))

        with tempfile.TemporaryDirectory() as tmp:
            con = store.connect(Path(tmp) / "bench.duckdb")
            settings = CrawlSettings(allow_private=True, delay=delay, max_pages=pages + 10,
                                     concurrency=concurrency, per_host_concurrency=per_host_concurrency)
            rss_before = _rss_mb()
            t0 = time.monotonic()
            stats = crawl(con, seeds, settings, progress)
            wall = time.monotonic() - t0
            stored = con.execute("SELECT count(*) FROM pages WHERE kind = 'page' AND status = 200").fetchone()[0]
            con.close()
    finally:
        server.terminate()
    bound = per_host * delay
    return {"pages": stored, "hosts": hosts, "latency_s": latency, "delay_s": delay, "wall_s": round(wall, 2),
            "bound_s": round(bound, 2), "ratio": round(wall / bound, 3) if bound else None,
            "pages_per_s": round(stored / wall, 1), "errors": stats.errors + stats.http_errors,
            "rss_start_mb": round(rss_before, 1), "rss_samples_mb": [(d, round(m, 1)) for d, m in samples],
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--delay", type=float, default=0.25)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--per-host-concurrency", type=int, default=2)
    a = ap.parse_args()
    r = run(a.pages, a.hosts, a.latency, a.delay, a.concurrency, a.per_host_concurrency)
    for k, v in r.items():
        print(f"{k:>16}: {v}")


if __name__ == "__main__":
    main()
