"""The one-screen summary printed at the end of `jixiao run`."""
from __future__ import annotations

from ..batch.runner import BatchStats

SEVERITIES = ("error", "warning", "info")


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def summary_lines(stats: BatchStats, out: str, executor: str = "", workers: int | None = None,
                  max_listed: int = 8) -> list[str]:
    s = stats.status
    rate = (stats.processed / stats.elapsed_s * 60) if stats.elapsed_s > 0 else 0.0
    lines = [
        f"jixiao run — {stats.found} file(s) found, {stats.processed} processed in "
        f"{stats.elapsed_s:.1f} s ({rate:.1f} docs/min"
        + (f", {executor}" if executor else "") + (f", {workers} worker(s)" if workers else "") + ")",
        f"  documents  ok {s.get('ok', 0)}   partial {s.get('partial', 0)}   failed {s.get('failed', 0)}   "
        f"skipped {stats.skipped} (unchanged)"
        + (f"   retried {stats.retried}" if stats.retried else "")
        + (f"   replaced {stats.replaced} (changed since the last run)" if stats.replaced else "")
        + (f"   duplicates {stats.duplicates}" if stats.duplicates else ""),
        "  formats    " + ("   ".join(f"{fmt} {n}" for fmt, n in sorted(stats.formats.items(), key=lambda kv: (-kv[1], kv[0])))
                            or "none"),
        f"  tables     {stats.tables} found, {stats.projects} 项目支出绩效自评表 (projects)",
        "  flags      " + "   ".join(f"{sev} {stats.flags.get(sev, 0)}" for sev in SEVERITIES)
        + "".join(f"   {sev} {n}" for sev, n in sorted(stats.flags.items()) if sev not in SEVERITIES),
    ]
    if stats.failures:
        lines.append(f"  failed ({len(stats.failures)}):")
        lines += [f"    {_short(path, 50)}: {_short(err, 90)}" for path, err in stats.failures[:max_listed]]
        if len(stats.failures) > max_listed:
            lines.append(f"    … {len(stats.failures) - max_listed} more (see documents.error)")
    if stats.partials:
        lines.append(f"  partial ({len(stats.partials)}):")
        lines += [f"    {_short(path, 50)}: {_short(err, 90)}" for path, err in stats.partials[:max_listed // 2]]
        if len(stats.partials) > max_listed // 2:
            lines.append(f"    … {len(stats.partials) - max_listed // 2} more (see documents.error)")
    if stats.interrupted:
        lines.append("  interrupted: finished documents were written; run again to continue")
    lines.append(f"  output     {out}   (flags: jixiao flags {out})")
    return lines
