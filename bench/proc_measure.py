"""Whole-process measurements for the bench: wall time, CPU seconds and peak RSS of a command
and every process it starts (pool workers, a forkserver), as a user would meet them.

The process tree is sampled every SAMPLE_S with psutil: CPU is the sum of each process's last
sampled user+system time (a worker reparented to a forkserver is counted too, which
`wait4`'s rusage would miss), peak RSS the largest high-water mark (VmHWM) any one process
reached by its last sample (the figure the per-worker memory bound is about; only what a
process adds in its last SAMPLE_S is missed). wait4's ru_maxrss is not used for it: it
survives exec, so a child forked from a driver that grew reports the driver's size.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import time

import psutil

SAMPLE_S = 0.02


def bench_env(pythonpath: str | None = None) -> dict:
    """The environment for measured commands: bytecode caching on (an installed package has
    its .pyc files; PYTHONDONTWRITEBYTECODE in a developer's shell would make every run
    recompile the project's modules), optionally another checkout first on the path."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    else:
        env.pop("PYTHONPATH", None)
    return env


def measure(cmd: list[str], env: dict | None = None, timeout: float = 3600.0) -> dict:
    """Run `cmd` once: {wall, cpu, peak_rss_mb, returncode}."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cpu: dict[int, float] = {}
    rss: dict[int, int] = {}
    root = psutil.Process(proc.pid)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            tree = [root] + root.children(recursive=True)
        except psutil.Error:
            tree = []
        for p in tree:
            try:
                with p.oneshot():
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
                    rss[p.pid] = max(rss.get(p.pid, 0), _high_water(p))
            except psutil.Error:
                continue
        if time.perf_counter() - t0 > timeout:
            proc.kill()
        time.sleep(SAMPLE_S)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    # wait4: the child's exact time and peak, including the children it reaped itself (spawned
    # workers); a forkserver's workers are not its children and only the samples hold them.
    reaped = usage.ru_utime + usage.ru_stime
    if proc.pid not in rss:   # gone before the first sample: wait4's figure (may be the parent's)
        rss[proc.pid] = usage.ru_maxrss * 1024
    return {"wall": wall, "cpu": max(sum(cpu.values()), reaped),
            "peak_rss_mb": max(rss.values(), default=0) / 2**20,
            "returncode": proc.returncode, "stderr": stderr[-400:]}


def _high_water(p: psutil.Process) -> int:
    """A live process's peak RSS so far: VmHWM, which exec resets (wait4's ru_maxrss survives
    exec, so a child forked from a large driver reports the driver's size); else its RSS now."""
    try:
        with open(f"/proc/{p.pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return p.memory_info().rss


def median_of(cmd: list[str], runs: int, env: dict | None = None, before=None) -> dict:
    """Median wall / CPU / peak RSS over `runs` runs (`before()` runs untimed before each)."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(measure(cmd, env))
    failed = [s for s in samples if s["returncode"] != 0]
    out = {key: statistics.median(s[key] for s in samples) for key in ("wall", "cpu", "peak_rss_mb")}
    out["runs"] = runs
    if failed:
        out["error"] = failed[0]["stderr"].strip().splitlines()[-1:] or ["failed"]
    return out
