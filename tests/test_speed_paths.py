"""Issue #15, speed where users feel it: what makes one file fast (work in this process, heavy
modules only when needed) and the shortcuts on the table-dense path, each checked against
the slow way it replaces."""
from __future__ import annotations

import math
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.batch import executors
from jixiao.batch.executors import InlineExecutor, LocalExecutor, make_executor, timeout_message
from jixiao.batch.process import Task, make_task
from jixiao.batch.schema import BOOL, FLOAT64, INT32, INT64, STRING, _coerced, coerce
from jixiao.extract.pdf_grid import nearest, nearest_sorted

ROOT = Path(__file__).resolve().parents[1]
ONE_PDF = ROOT.parent / "shared" / "corpus" / "dev" / "01_jiceng-dangzuzhi-dangjian_lo.pdf"


# ---------------------------------------------------------------- where documents run

@pytest.mark.parametrize("workers,documents,isolate,expected", [
    (0, 5, False, InlineExecutor),    # --workers 0: always here
    (1, 5, False, InlineExecutor),    # --workers 1: no pool of one
    (4, 1, False, InlineExecutor),    # one file: no pool at all
    (2, 3, False, LocalExecutor),
    (1, 5, True, LocalExecutor),      # an explicit --timeout / --max-memory: the pool's kill
    (4, 1, True, LocalExecutor),
    (0, 1, True, InlineExecutor),     # but --workers 0 means this process
])
def test_executor_choice(workers, documents, isolate, expected):
    pool = make_executor("local", workers, documents=documents, isolate=isolate, timeout=60)
    assert type(pool) is expected


def _task(tmp_path) -> Task:
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK\x03\x04")
    return Task(str(path), str(path), "0" * 64, 4)


def test_in_process_timeout_fails_the_document_and_the_batch_goes_on(tmp_path, monkeypatch):
    """The soft timeout: Python code of a document that runs too long is interrupted, the
    document gets the pool's timeout error, the next document runs, SIGALRM is left as found."""
    calls = []

    def slow_then_fast(task):
        calls.append(task)
        if len(calls) == 1:
            while True:            # a parser looping in Python
                time.sleep(0.01)
        return {"documents": [{"status": "ok"}]}

    monkeypatch.setattr(executors, "process_document", slow_then_fast)
    before = signal.getsignal(signal.SIGALRM)
    t0 = time.monotonic()
    results = list(InlineExecutor(timeout=0.3).map([_task(tmp_path), _task(tmp_path)]))
    assert time.monotonic() - t0 < 5
    first, second = (r["documents"][0] for _, r in results)
    assert first["status"] == "failed" and first["error"] == timeout_message(0.3)
    assert second["status"] == "ok"
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_in_process_alarm_does_not_outlive_a_document(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "process_document", lambda task: {"documents": [{"status": "ok"}]})
    list(InlineExecutor(timeout=0.2).map([_task(tmp_path)]))
    time.sleep(0.4)  # an alarm left armed would raise here


# ---------------------------------------------------------------- start-up

def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_help_imports_no_heavy_module():
    out = _python("import sys\nfrom jixiao.cli import build_parser\nbuild_parser().format_help()\n"
                  "print(sorted(m for m in ('pyarrow', 'pandas', 'jieba', 'pdfplumber', 'pypdfium2', "
                  "'numpy', 'distributed', 'dask') if m in sys.modules))")
    assert out == "[]"


def test_worker_warm_up_loads_jieba_but_not_the_ocr_stack():
    """The forkserver's warm-up (every pooled worker forks from it) imports the stages and
    jieba; OCR modules (numpy, OpenCV, onnxruntime) load only in a worker that meets a scan,
    whatever scan_*/ocr_* modules extract/ grows."""
    out = _python("import sys\nfrom jixiao.batch.executors import warm_up\nwarm_up()\n"
                  "print(sorted(m for m in ('numpy', 'pandas', 'cv2', 'onnxruntime', 'rapidocr_onnxruntime',"
                  " 'jixiao.extract.scan', 'jixiao.extract.ocr_engine') if m in sys.modules),"
                  " 'jieba.posseg' in sys.modules, sys.modules['jieba'].dt.initialized)")
    assert out.splitlines()[-1] == "[] True True"


def test_the_next_document_goes_out_before_a_result_is_handed_back(dev_docx):
    """While the driver stores a result (Parquet, progress), its worker is already reading the
    next document."""
    tasks = [make_task(str(dev_docx), f"{dev_docx}#{k}") for k in range(3)]
    pool = LocalExecutor(workers=1, timeout=120)
    busy_at_yield = []
    for _task, result in pool.map(tasks):
        busy_at_yield.append(pool.pool[0].task is not None if pool.pool else None)
        assert result["documents"][0]["status"] in ("ok", "partial")
    assert busy_at_yield == [True, True, False]


@pytest.mark.skipif(not ONE_PDF.exists(), reason="dev corpus not beside the checkout")
def test_one_table_pdf_runs_in_process_without_pandas_numpy_jieba_or_ocr(tmp_path):
    """`jixiao run one.pdf`: this process does the work (no pool), and neither pandas, numpy nor
    cloudpickle (pyarrow's optional imports), pyarrow.compute, jieba (no label needed
    segmenting) nor the OCR stack is loaded."""
    out = _python("import sys\nfrom jixiao.cli import main\n"
                  f"code = main(['run', {str(ONE_PDF)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet'])\n"
                  "print(code, sorted(m for m in ('pandas', 'numpy', 'jieba', 'cv2', 'onnxruntime', 'rapidocr_onnxruntime',"
                  " 'distributed', 'multiprocessing.forkserver', 'cloudpickle', 'pyarrow.compute') if m in sys.modules))")
    assert out.splitlines()[-1] == "0 []"
    import pyarrow.parquet as pq
    documents = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    assert [d["status"] for d in documents] == ["ok"]


@pytest.mark.skipif(not ONE_PDF.exists(), reason="dev corpus not beside the checkout")
def test_explicit_timeout_runs_the_document_in_a_worker_process(tmp_path):
    """Where the user asks for the pool's guarantees, a worker process (killable) reads the
    file even when it is one file: the documents row names another pid."""
    import os
    out = _python("import os\nfrom jixiao.cli import main\n"
                  f"main(['run', {str(ONE_PDF)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet', "
                  "'--timeout', '120'])\nprint(os.getpid())")
    driver = out.splitlines()[-1]
    import pyarrow.parquet as pq
    (document,) = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    assert document["status"] == "ok"
    assert document["worker"].rsplit(":", 1)[1] != driver
    assert driver != str(os.getpid())


# ---------------------------------------------------------------- shortcuts = the slow way

@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.integers(-5, 60).map(float), st.floats(-5, 60)), min_size=1, max_size=15),
       st.one_of(st.integers(-10, 70).map(float), st.floats(-10, 70)))
def test_nearest_sorted_is_nearest(bounds, value):
    bounds = sorted(bounds)
    assert nearest_sorted(bounds, value) == nearest(bounds, value)


def _segment_edges(draw_h, draw_v) -> list[dict]:
    edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
              "orientation": "h", "object_type": "line"} for y, x0, x1 in draw_h]
    edges += [{"x0": x, "x1": x, "top": t, "bottom": b, "width": 0.0, "height": b - t,
               "orientation": "v", "object_type": "line"} for x, t, b in draw_v]
    return edges


_H = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 8)).map(
    lambda t: (10.0 * t[0], 10.0 * min(t[1], t[2]), 10.0 * max(t[1], t[2]) + 5))
_V = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 8)).map(
    lambda t: (10.0 * t[0], 10.0 * min(t[1], t[2]), 10.0 * max(t[1], t[2]) + 5))


@settings(max_examples=300, deadline=None)
@given(st.lists(_H, max_size=14), st.lists(_V, max_size=14))
def test_cells_from_intersections_is_pdfplumbers(h_lines, v_lines):
    """Ruling lines that cross, stop short, overlap and break off: the same cells as pdfplumber,
    in the same order."""
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from jixiao.extract.pdf_grid import cells_from_intersections
    intersections = edges_to_intersections(_segment_edges(h_lines, v_lines), 3, 3)
    assert cells_from_intersections(intersections) == intersections_to_cells(intersections)


@pytest.mark.skipif(not ONE_PDF.exists(), reason="dev corpus not beside the checkout")
def test_cells_from_intersections_on_every_ruled_page_of_the_corpora():
    import pdfplumber
    from pdfplumber.table import edges_to_intersections, intersections_to_cells, merge_edges

    from jixiao.extract import pdf_grid
    pages = 0
    for pdf_path in sorted(ONE_PDF.parent.parent.glob("*/*.pdf")):
        if "scan" in pdf_path.name:
            continue
        with pdfplumber.open(pdf_path) as pdf:
            for page in pdf.pages:
                edges = pdf_grid._clean_edges(pdf_grid.page_edges(page), 0, 0)
                if len(edges) < 4:
                    continue
                found = edges_to_intersections(merge_edges(edges, 3, 3, 3, 3), 3, 3)
                assert pdf_grid.cells_from_intersections(found) == intersections_to_cells(found), \
                    (pdf_path.name, page.page_number)
                pages += 1
    assert pages >= 40


_VALUES = st.one_of(st.none(), st.text(max_size=5), st.integers(-2**40, 2**40), st.floats(allow_nan=True),
                    st.booleans(), st.lists(st.integers(0, 9), max_size=3), st.binary(max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUES, max_size=20), st.sampled_from([STRING, FLOAT64, INT32, INT64, BOOL]))
def test_bulk_coercion_is_coerce(values, kind):
    fast, slow = _coerced(values, kind), [coerce(v, kind) for v in values]
    same = lambda a, b: (a is None and b is None) or (  # noqa: E731
        type(a) is type(b) and (a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))))
    assert all(same(a, b) for a, b in zip(fast, slow)) and len(fast) == len(slow)
