"""`jixiao run INPUT... --out OUT`: extract, normalise and check reports into a Parquet folder."""
from __future__ import annotations

import argparse
import os
import sys

# Only what the parser needs at import: `jixiao --help` and the start of every run pay for
# these imports, the batch's (pyarrow, the stages) come in main().
from ..batch.process import DEFAULT_MAX_PAGES
from ..batch.runner import SUFFIXES

DEFAULT_TIMEOUT = 900.0
DEFAULT_MAX_MEMORY_MB = 4096


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="files or folders (searched recursively for " + " ".join(SUFFIXES) + "; .zip "
                             "archives of reports are unpacked and their members read)")
    parser.add_argument("--out", required=True, help="output folder (one Parquet dataset per table)")
    parser.add_argument("--workers", type=int, default=max(1, min(os.cpu_count() or 1, 8)),
                        help="worker processes (default: CPU count, max 8); 0 or 1, or a single input "
                             "file: in this process, with a soft timeout and no memory limit, "
                             "unless --timeout or --max-memory is given")
    parser.add_argument("--timeout", type=_positive_float, default=None,
                        help=f"seconds per document (default {DEFAULT_TIMEOUT:g}; OCR of a scanned report "
                             "takes minutes). Given explicitly, every document runs in a worker process "
                             "that is killed at the limit, even for one file or --workers 1")
    parser.add_argument("--password", default=None, help="password for encrypted PDFs")
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", default=None, help="dask scheduler address (with --executor dask)")
    parser.add_argument("--force", action="store_true",
                        help="process every file again, even unchanged ones already in OUT")
    parser.add_argument("--no-retry", action="store_true",
                        help="do not retry files that failed in an earlier run")
    parser.add_argument("--max-memory", type=int, default=None, metavar="MB",
                        help=f"kill a worker whose memory exceeds this (default {DEFAULT_MAX_MEMORY_MB} MB); "
                             "given explicitly, documents always run in worker processes")
    parser.add_argument("--max-tasks-per-worker", type=int, default=200,
                        help="restart each worker after this many documents (default 200)")
    parser.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES,
                        help=f"warn (status partial) above this many PDF pages (default {DEFAULT_MAX_PAGES})")
    parser.add_argument("--flush-every", type=int, default=25, metavar="N",
                        help="commit results every N documents (default 25)")
    parser.add_argument("--flush-seconds", type=float, default=10.0, metavar="T",
                        help="... or every T seconds (default 10)")
    parser.add_argument("--quiet", action="store_true", help="no progress output")


def _fail(message: str, code: int = 2) -> int:
    print(f"jixiao run: {message}", file=sys.stderr)
    return code


class _Progress:
    """rich progress bar on a terminal, one plain line per document otherwise."""

    def __init__(self, total: int, quiet: bool):
        self.total, self.quiet, self.n = total, quiet, 0
        self.bar = None
        if not quiet and sys.stderr.isatty() and total:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self.bar = Progress(TextColumn("[bold]jixiao[/]"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TimeRemainingColumn(),
                                TextColumn("{task.fields[last]}"), console=Console(stderr=True),
                                transient=False)
            self.task = self.bar.add_task("run", total=total, last="")
            self.bar.start()

    def advance(self, doc: dict) -> None:
        self.n += 1
        name = os.path.basename(doc.get("source_path") or "")
        if self.bar is not None:
            self.bar.update(self.task, advance=1, last=f"{doc['status']:<7} {name[:40]}")
        elif not self.quiet:
            line = f"[{self.n}/{self.total}] {doc['status']:<7} {doc.get('elapsed_s') or 0:6.1f}s  {doc.get('source_path')}"
            if doc["status"] != "ok" and doc.get("error"):
                line += f"  — {' '.join(str(doc['error']).split())[:160]}"
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def main(args: argparse.Namespace) -> int:
    from ..batch.lean import lean_pyarrow

    lean_pyarrow()  # first: the writer imports pyarrow
    from ..batch.runner import UsageError, run_batch
    from ..batch.writer import OutputError
    from .summary import summary_lines

    if args.workers < 0:
        return _fail("--workers must be >= 0")
    if args.executor == "dask" and not args.scheduler:
        return _fail("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if args.scheduler and args.executor != "dask":
        return _fail("--scheduler only makes sense with --executor dask")
    progress: list[_Progress] = []

    def planned(n: int) -> None:
        progress.append(_Progress(n, args.quiet))

    try:
        # The pool's hard guarantees where the user asked for them (see executors.make_executor).
        isolate = args.timeout is not None or args.max_memory is not None
        stats = run_batch(args.inputs, args.out, executor=args.executor, workers=args.workers,
                          timeout=args.timeout or DEFAULT_TIMEOUT, password=args.password,
                          scheduler=args.scheduler, force=args.force, retry_failed=not args.no_retry,
                          max_memory_mb=args.max_memory or DEFAULT_MAX_MEMORY_MB, isolate=isolate,
                          max_tasks=args.max_tasks_per_worker,
                          max_pages=args.max_pages, flush_every=args.flush_every,
                          flush_seconds=args.flush_seconds, on_planned=planned,
                          on_result=lambda doc: progress[0].advance(doc))
    except (UsageError, OutputError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted; documents already committed stay in --out, run again to continue", 130)
    except OSError as exc:
        return _fail(f"写入失败 cannot write to --out {args.out}: {exc.strerror or exc}")
    except RuntimeError as exc:
        return _fail(str(exc), 1)
    finally:
        for bar in progress:
            bar.close()
    inline = getattr(stats.executor, "name", "") == "inline"
    print("\n".join(summary_lines(stats, args.out, "in-process" if inline else args.executor,
                                  args.workers if args.executor == "local" and not inline else None)))
    return 130 if stats.interrupted else 0
