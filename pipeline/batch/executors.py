"""Where `process.process_document` runs: in this process, a local pool of worker processes,
or on dask.distributed. Every executor yields (task, result) as documents finish; the writer
stays in the driver, so all executors write the identical dataset.

Why our own pool rather than concurrent.futures: a file that hangs (a parser loop in C, a
pathological page) must be stopped without stopping the batch, and a ProcessPoolExecutor
cannot kill one task. Each worker here is a separate `python -m jixiao.batch.executors` process
(fresh interpreter, like the spawn start method) talking length-prefixed pickles over its
stdin/stdout. The driver knows which document each worker holds, so on timeout it kills that
process (SIGKILL), records the document failed ("超时 timeout after S s") and starts a new
worker. A worker whose RSS exceeds --max-memory is killed the same way, and each worker is
retired after `max_tasks` documents so slow leaks cannot accumulate (max_tasks_per_child).
A worker that dies on its own (segfault, kernel OOM killer) fails only its document.

On dask, each dask worker thread keeps one such sidecar process and runs the document in it,
so the timeout and memory limit hold there too (dask cannot kill a running task).
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from typing import Iterable, Iterator

from .process import Task, describe, failed_result, process_document

HEADER = struct.Struct("!Q")
READY = "ready"
STARTUP_TIMEOUT = 180.0


def timeout_message(seconds: float) -> str:
    return f"超时 timeout after {seconds:g} s"


def _signal_name(code: int | None) -> str:
    if code is None:
        return "unknown"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


# ---------------------------------------------------------------- worker side

def _read_exact(stream, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


# Not imported ahead: OCR (onnxruntime, OpenCV, numpy: ~100 MB and a second of start-up) and
# the LibreOffice bridge load only when a document needs them. By prefix, so a new scan_* or
# ocr_* module stays lazy without being listed.
LAZY_PREFIXES = ("scan", "ocr", "convert")


def is_lazy(module: str) -> bool:
    return module.startswith(LAZY_PREFIXES)


def warm_up() -> None:
    """Import the stages (and their submodules) and load jieba's dictionary before the worker
    declares itself ready, so a document's timeout measures the document, not start-up
    (jieba alone takes seconds)."""
    import importlib
    import pkgutil

    from .lean import lean_pyarrow

    lean_pyarrow()  # schema's column types need pyarrow; the worker needs neither numpy nor pandas
    stages = ("jixiao.extract", "jixiao.normalize", "jixiao.validate")
    for name in (*stages, "jixiao.batch.schema", "pdfplumber", "docx", "pypdfium2"):
        try:
            package = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the document run reports it
            continue
        if name in stages:
            for module in pkgutil.iter_modules(package.__path__):
                if is_lazy(module.name):
                    continue
                try:
                    importlib.import_module(f"{name}.{module.name}")
                except Exception:  # noqa: BLE001
                    pass
    try:
        from jixiao.normalize import segmenter
        segmenter.posseg()  # the dictionary and its word tags (facts): 1.5 s a process otherwise
    except Exception:  # noqa: BLE001
        pass


def _exit_with_parent(parent: int) -> None:
    """A worker must not outlive its driver (kill -9 of `jixiao run`): a hung document would
    otherwise keep the orphan busy forever."""
    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(3)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def worker_main() -> int:
    """Loop of a worker process: read a Task, run it, write the result."""
    parent = int(os.environ.get("JIXIAO_DRIVER_PID", "0") or 0)
    if parent and os.getppid() == parent:
        _exit_with_parent(parent)
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # stray prints of a parser must not corrupt the protocol stream
    sys.stdout = os.fdopen(1, "w", buffering=1)
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    warm_up()
    # Test/debug hook: modules to import in every worker (e.g. one that makes a file hang).
    for module in filter(None, os.environ.get("JIXIAO_WORKER_PLUGINS", "").split(",")):
        __import__(module.strip())
    _send(proto_out, READY)
    while True:
        header = _read_exact(proto_in, HEADER.size)
        if header is None:
            return 0
        payload = _read_exact(proto_in, HEADER.unpack(header)[0])
        if payload is None:
            return 0
        task = pickle.loads(payload)
        _send(proto_out, process_document(task))


# ---------------------------------------------------------------- driver side

def process_rss(pid: int) -> int:
    """Resident memory of a worker in bytes; 0 when it is gone (it may die between polls)."""
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss
    except Exception:  # noqa: BLE001
        return 0


class Sidecar:
    """One worker process and the document it holds."""

    def __init__(self, log_path: str | None = None, env: dict | None = None):
        self.log_path = log_path
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.task: Task | None = None
        self.started_at = 0.0
        self.spawned_at = 0.0
        self.done = 0
        self._log = None

    def start(self) -> None:
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        env.setdefault("OMP_NUM_THREADS", "1")  # one document per core; no oversubscription
        env["JIXIAO_DRIVER_PID"] = str(os.getpid())
        if self.log_path:
            self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "jixiao.batch.executors", "--worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._log if self._log else None, bufsize=0,
                                     env=env, start_new_session=True)
        self.ready, self.task, self.done = False, None, 0
        self.spawned_at = time.monotonic()

    def fileno(self) -> int:
        return self.proc.stdout.fileno()

    def send(self, task: Task) -> None:
        data = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(HEADER.pack(len(data)) + data)
        self.proc.stdin.flush()
        self.task, self.started_at = task, time.monotonic()

    def receive(self):
        """The next message; raises EOFError when the process died."""
        header = _read_exact(self.proc.stdout, HEADER.size)
        if header is None:
            raise EOFError
        payload = _read_exact(self.proc.stdout, HEADER.unpack(header)[0])
        if payload is None:
            raise EOFError
        return pickle.loads(payload)

    def rss(self) -> int:
        return process_rss(self.proc.pid)

    def kill(self) -> int | None:
        if self.proc is None:
            return None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the worker and anything it started (soffice)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        code = self.proc.wait()
        self._close()
        return code

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            self.kill()
        self._close()

    def _close(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except Exception:  # noqa: BLE001
                pass
        if self._log:
            self._log.close()
            self._log = None
        self.proc = None

    # Blocking use (dask): one document at a time.
    def run(self, task: Task, timeout: float | None, max_rss: int | None, max_tasks: int) -> dict:
        if self.proc is None or self.proc.poll() is not None or self.done >= max_tasks:
            if self.proc is not None:
                self.stop()
            self.start()
        if not self.ready:
            if not _wait_readable(self.fileno(), STARTUP_TIMEOUT):
                self.kill()
                return failed_result(task, "工作进程启动超时 worker process did not start")
            try:
                self.receive()
            except EOFError:
                code = self.kill()
                return failed_result(task, f"工作进程异常退出 worker process died at start ({_signal_name(code)})")
            self.ready = True
        t0 = time.monotonic()
        try:
            self.send(task)
        except (BrokenPipeError, OSError):
            code = self.kill()
            return failed_result(task, f"工作进程异常退出 worker process died ({_signal_name(code)})")
        while True:
            step = 0.5 if timeout is None else max(0.0, min(0.5, t0 + timeout - time.monotonic()))
            if _wait_readable(self.fileno(), step):
                try:
                    result = self.receive()
                except EOFError:
                    code = self.kill()
                    return failed_result(task, f"工作进程异常退出 worker process died ({_signal_name(code)})",
                                         time.monotonic() - t0)
                self.done += 1
                self.task = None
                return result
            if timeout is not None and time.monotonic() - t0 >= timeout:
                self.kill()
                return failed_result(task, timeout_message(timeout), round(time.monotonic() - t0, 3))
            if max_rss and self.rss() > max_rss:
                rss = self.rss()
                self.kill()
                return failed_result(task, memory_message(rss, max_rss), time.monotonic() - t0)


def memory_message(rss: int, limit: int) -> str:
    return (f"内存超限 memory limit exceeded: worker RSS {rss / 2**20:.0f} MB > "
            f"{limit / 2**20:.0f} MB (--max-memory)")


def _wait_readable(fd: int, timeout: float) -> bool:
    ready, _, _ = select.select([fd], [], [], max(0.0, timeout))
    return bool(ready)


@contextlib.contextmanager
def _forkserver_launch():
    """What a forkserver started inside this block sees: the warm-up flag (read once, by the
    forkserver if it starts now), and no __main__ script. The worker needs nothing from
    __main__; multiprocessing would otherwise re-run the driver's main script in the server
    (and fail outright for `python -` / -c / notebooks)."""
    os.environ["JIXIAO_FORKSERVER_WARM"] = "1"
    main = sys.modules.get("__main__")
    hidden = {}
    for attr in ("__file__", "__spec__"):
        if main is not None and attr in vars(main):
            hidden[attr] = vars(main)[attr]
            if attr == "__spec__":
                main.__spec__ = None
            else:
                delattr(main, attr)
    try:
        yield
    finally:
        os.environ.pop("JIXIAO_FORKSERVER_WARM", None)
        for attr, value in hidden.items():
            setattr(main, attr, value)


class ForkWorker:
    """A worker forked from a warmed-up multiprocessing forkserver: same interface as Sidecar,
    but (re)starting one takes milliseconds instead of the seconds of a fresh interpreter
    (imports, jieba's dictionary), which matters after every timeout kill and recycle."""

    _ctx = None

    def __init__(self, log_path: str | None = None):
        self.log_path = log_path
        self.proc = None
        self.conn = None
        self.ready = False
        self.task: Task | None = None
        self.started_at = 0.0
        self.spawned_at = 0.0
        self.done = 0

    @classmethod
    def context(cls):
        if cls._ctx is None:
            import multiprocessing
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["jixiao.batch.executors"])
            cls._ctx = ctx
        return cls._ctx

    @classmethod
    def prestart(cls) -> None:
        """Start the forkserver (its warm-up: imports, jieba) now, in the background, so it
        overlaps whatever the driver does before the first worker is asked for."""
        from multiprocessing import forkserver
        cls.context()
        with _forkserver_launch():
            forkserver.ensure_running()

    def start(self) -> None:
        ctx = self.context()
        parent, child = ctx.Pipe(duplex=True)
        plugins = os.environ.get("JIXIAO_WORKER_PLUGINS", "")
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        self.proc = ctx.Process(target=fork_worker_main, name="jixiao-worker",
                                args=(child, plugins, paths, self.log_path, os.getpid()))
        with _forkserver_launch():
            self.proc.start()
        child.close()
        self.conn = parent
        self.ready, self.task, self.done = False, None, 0
        self.spawned_at = time.monotonic()

    def fileno(self) -> int:
        return self.conn.fileno()

    def send(self, task: Task) -> None:
        self.conn.send(task)
        self.task, self.started_at = task, time.monotonic()

    def receive(self):
        try:
            return self.conn.recv()
        except (OSError, ConnectionError) as exc:
            raise EOFError from exc

    def rss(self) -> int:
        return process_rss(self.proc.pid)

    def kill(self) -> int | None:
        if self.proc is None:
            return None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # it called setsid: it and its children
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.kill()
        self.proc.join()
        code = self.proc.exitcode
        self._close()
        return code

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            self.conn.close()
        except OSError:
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.kill()
            return
        self._close()

    def _close(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        try:
            self.proc.close()
        except (ValueError, AttributeError):
            pass
        self.proc = None


def fork_worker_main(conn, plugins: str, paths: list[str], log_path: str | None, driver: int) -> None:
    """Body of a ForkWorker (in the forked child)."""
    os.setsid()
    try:
        if log_path:
            fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
    except OSError:
        pass
    sys.path[:0] = [p for p in paths if p not in sys.path]

    def watch():  # exit when the driver is gone (kill -9 of `jixiao run`)
        while True:
            time.sleep(1.0)
            try:
                os.kill(driver, 0)
            except ProcessLookupError:
                os._exit(3)
            except PermissionError:
                pass
    threading.Thread(target=watch, name="driver-watch", daemon=True).start()
    warm_up()  # a no-op in effect when the forkserver already did it
    for module in filter(None, plugins.split(",")):
        __import__(module.strip())
    conn.send(READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(process_document(task))


class DocumentTimeout(BaseException):
    """Raised by the in-process alarm; a BaseException so process_document's own
    `except Exception` guards let it through."""


class InlineExecutor:
    """Runs documents in this process, one after another: no worker start-up, no second copy
    of the imports, nothing pickled. Used for one document, --workers 0/1, unless the user
    asked for the pool's guarantees (run_batch(isolate=True), i.e. an explicit --timeout or
    --max-memory on the command line).

    The timeout here is soft: a SIGALRM that interrupts Python code (the stages are Python)
    and fails the document with the pool's message, but cannot stop a loop inside a C
    library, and there is no memory limit. Only the main thread can take signals; elsewhere
    there is no timeout at all."""

    name = "inline"

    def __init__(self, timeout: float | None = None, page_threads: int = 1, **_):
        self.timeout = timeout
        self.page_threads = page_threads   # a scan's pages read at once (extract.ocr_threads)
        self.peak_rss = 0
        self.restarts = 0

    def map(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, dict]]:
        from jixiao.extract.ocr_threads import pages_at_once
        for task in tasks:
            with pages_at_once(self.page_threads):
                result = self._run(task)
            self.peak_rss = max(self.peak_rss, own_peak_rss())
            yield task, result

    def _run(self, task: Task) -> dict:
        if not self.timeout or not _can_alarm():
            return process_document(task)
        armed = [True]
        t0 = time.monotonic()

        def on_alarm(_signum, _frame):
            if armed[0]:
                raise DocumentTimeout

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            result = process_document(task)
            armed[0] = False
            return result
        except DocumentTimeout:
            return failed_result(task, timeout_message(self.timeout), round(time.monotonic() - t0, 3))
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def close(self) -> None:
        pass


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def own_peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM; ru_maxrss can carry a parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class LocalExecutor:
    """A pool of `workers` sidecar processes with per-document timeout and memory limit."""

    name = "local"

    def __init__(self, workers: int = 1, timeout: float | None = None, max_memory_mb: int | None = None,
                 max_tasks: int = 200, log_path: str | None = None, **_):
        self.workers = max(1, int(workers))
        self.timeout = timeout
        self.max_rss = int(max_memory_mb * 2**20) if max_memory_mb else None
        self.max_tasks = max(1, int(max_tasks))
        self.log_path = log_path
        self.pool: list[Sidecar] = []
        self.restarts = 0
        self.peak_rss = 0
        # forkserver: fork from a warmed-up server (fast restarts); spawn: a fresh interpreter
        # per worker (python -m jixiao.batch.executors --worker).
        self.start_method = os.environ.get("JIXIAO_WORKER_START", "forkserver")

    def _spawn(self):
        worker = (ForkWorker if self.start_method == "forkserver" else Sidecar)(self.log_path)
        worker.start()
        return worker

    def map(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, dict]]:
        queue = deque(tasks)
        n = min(self.workers, len(queue))
        self.pool = [self._spawn() for _ in range(n)]
        last_rss_check = 0.0
        try:
            while queue or any(s.task is not None for s in self.pool):
                yield from self._hand_out(queue)
                alive = [s for s in self.pool if s.proc is not None]
                readable = select.select([s.fileno() for s in alive], [], [], 0.2)[0] if alive else []
                for i, s in enumerate(self.pool):
                    if s.proc is None or s.fileno() not in readable:
                        continue
                    try:
                        message = s.receive()
                    except EOFError:
                        task, was_ready = s.task, s.ready
                        code = s.kill()
                        self.restarts += 1
                        self.pool[i] = self._spawn() if queue else Sidecar(self.log_path)
                        if task is not None:
                            yield task, failed_result(task, f"工作进程异常退出 worker process died "
                                                            f"({_signal_name(code)})",
                                                      round(time.monotonic() - s.started_at, 3))
                        elif not was_ready:
                            self._check_startup_loop()
                        continue
                    if not s.ready:
                        s.ready = message == READY
                        continue
                    task, s.task = s.task, None
                    s.done += 1
                    # the next document goes out before the driver stores this one's result:
                    # the worker reads while the driver writes
                    yield from self._hand_out(queue)
                    yield task, message
                now = time.monotonic()
                for i, s in enumerate(self.pool):
                    if s.proc is None:
                        if queue:
                            self.pool[i] = self._spawn()
                        continue
                    if s.task is not None and self.timeout is not None and now - s.started_at >= self.timeout:
                        task = s.task
                        s.kill()
                        self.restarts += 1
                        self.pool[i] = self._spawn() if queue else Sidecar(self.log_path)
                        yield task, failed_result(task, timeout_message(self.timeout),
                                                  round(now - s.started_at, 3))
                    elif not s.ready and now - s.spawned_at > STARTUP_TIMEOUT:
                        s.kill()
                        raise RuntimeError("工作进程无法启动: worker processes do not start "
                                           "(see _jixiao/workers.log)")
                if now - last_rss_check >= 0.5:
                    last_rss_check = now
                    for i, s in enumerate(self.pool):
                        if s.proc is None:
                            continue
                        rss = s.rss()
                        self.peak_rss = max(self.peak_rss, rss)
                        if s.task is not None and self.max_rss and rss > self.max_rss:
                            task = s.task
                            s.kill()
                            self.restarts += 1
                            self.pool[i] = self._spawn()
                            yield task, failed_result(task, memory_message(rss, self.max_rss),
                                                      round(now - s.started_at, 3))
        finally:
            self.close()

    def _hand_out(self, queue: deque) -> Iterator[tuple[Task, dict]]:
        """Send the next task to every ready, idle worker; yields the tasks that failed to go."""
        for i, s in enumerate(self.pool):
            if s.ready and s.task is None and queue:
                if s.done >= self.max_tasks:
                    s.stop()
                    self.pool[i] = s = self._spawn()
                    continue
                task = queue.popleft()
                try:
                    s.send(task)
                except (BrokenPipeError, OSError):
                    code = s.kill()
                    self.pool[i] = self._spawn()
                    self.restarts += 1
                    yield task, failed_result(task, f"工作进程异常退出 worker process died "
                                                    f"({_signal_name(code)})")

    _startup_failures = 0

    def _check_startup_loop(self) -> None:
        self._startup_failures += 1
        if self._startup_failures > 3 * self.workers + 3:
            raise RuntimeError("工作进程无法启动: worker processes keep dying at start "
                               "(see _jixiao/workers.log)")

    def close(self) -> None:
        for s in self.pool:
            if s.proc is not None:
                if s.task is not None:
                    s.kill()
                else:
                    s.stop()
        self.pool = []


# ---------------------------------------------------------------- dask

_local = threading.local()


def dask_process(task: Task, timeout: float | None, max_rss: int | None, max_tasks: int) -> dict:
    """The dask task: run the document in this worker thread's sidecar process."""
    sidecar = getattr(_local, "sidecar", None)
    if sidecar is None:
        sidecar = _local.sidecar = Sidecar()
    return sidecar.run(task, timeout, max_rss, max_tasks)


class DaskExecutor:
    """Same per-document function on a dask.distributed cluster; results come back to the
    driver, which writes them. `scheduler` is an address (tcp://host:8786) or a Client."""

    name = "dask"

    def __init__(self, scheduler=None, timeout: float | None = None, max_memory_mb: int | None = None,
                 max_tasks: int = 200, window: int | None = None, **_):
        self.scheduler = scheduler
        self.timeout = timeout
        self.max_rss = int(max_memory_mb * 2**20) if max_memory_mb else None
        self.max_tasks = max(1, int(max_tasks))
        self.window = window
        self._client = None
        self._own_client = False

    def _connect(self):
        from distributed import Client
        if self.scheduler is None:
            raise RuntimeError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
        if hasattr(self.scheduler, "submit"):
            return self.scheduler
        self._own_client = True
        try:
            return Client(self.scheduler, timeout="30s")
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ValueError (bad address)
            raise RuntimeError(f"无法连接 dask scheduler: cannot connect to --scheduler {self.scheduler}: "
                               f"{type(exc).__name__}: {exc}") from None

    def map(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, dict]]:
        from distributed import as_completed
        client = self._client = self._connect()
        tasks = list(tasks)
        if not tasks:
            return
        try:
            threads = sum(client.nthreads().values()) or 1
        except Exception:  # noqa: BLE001
            threads = 4
        window = self.window or max(8, 4 * threads)
        pending = deque(tasks)
        by_key = {}
        running = as_completed()
        # Per-task timeout is enforced in the sidecar; this is the driver's safety net.
        for _ in range(min(window, len(pending))):
            task = pending.popleft()
            future = client.submit(dask_process, task, self.timeout, self.max_rss, self.max_tasks, pure=False)
            by_key[future.key] = task
            running.add(future)
        for future in running:
            task = by_key.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a dask worker lost, etc.
                result = failed_result(task, "dask 任务失败 dask task failed: " + describe(exc))
            future.release()
            yield task, result
            if pending:
                task = pending.popleft()
                nxt = client.submit(dask_process, task, self.timeout, self.max_rss, self.max_tasks, pure=False)
                by_key[nxt.key] = task
                running.add(nxt)

    def close(self) -> None:
        if self._client is not None and self._own_client:
            try:
                self._client.close()
            except Exception:  # noqa: BLE001
                pass
        self._client = None


def prestart(kind: str, workers: int, *, isolate: bool = False, several: bool = True) -> None:
    """Launch the pool's forkserver ahead of make_executor when the run may use one (a local
    executor, more than one worker or `isolate`, `several` documents possible): its warm-up
    then overlaps the driver opening the dataset and planning. Best effort: a forkserver that
    cannot start here fails again, and is reported, when the pool asks for it."""
    if kind != "local" or workers <= 0 or not (isolate or (workers > 1 and several)):
        return
    if os.environ.get("JIXIAO_WORKER_START", "forkserver") != "forkserver":
        return
    try:
        ForkWorker.prestart()
    except Exception:  # noqa: BLE001
        pass


def make_executor(kind: str, workers: int, *, documents: int | None = None, isolate: bool = False,
                  **options):
    """dask; else this process for --workers 0, and for one document or --workers 1 unless
    `isolate` (the user asked for the pool's hard timeout and memory limit); else the pool.
    A pool of one worker for one document would cost a second interpreter's start-up and
    imports (seconds) to read a file that takes a fraction of one."""
    if kind == "dask":
        return DaskExecutor(**options)
    if workers <= 0 or (not isolate and (workers == 1 or (documents is not None and documents <= 1))):
        # one document and cores to spare: its scanned pages share them (extract.ocr_threads)
        return InlineExecutor(page_threads=max(1, min(workers, os.cpu_count() or 1)), **options)
    return LocalExecutor(workers=workers, **options)


if os.environ.get("JIXIAO_FORKSERVER_WARM") == "1" and __name__ != "__main__":
    warm_up()  # imported as the forkserver's preload: warm once, every worker forks warm

if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        sys.exit(worker_main())
    print("usage: python -m jixiao.batch.executors --worker (started by jixiao run)", file=sys.stderr)
    sys.exit(2)
