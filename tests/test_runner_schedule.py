"""Batch order: the largest files go first, so a batch does not end on one long scan."""
from __future__ import annotations

import shutil
from pathlib import Path

from jixiao.batch.process import Task
from jixiao.batch.runner import run_batch, schedule

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def test_schedule_largest_first_ties_in_given_order():
    tasks = [Task("a", "a", "1", 10), Task("b", "b", "2", 300), Task("c", "c", "3", None),
             Task("d", "d", "4", 300)]
    assert [t.path for t in schedule(tasks)] == ["b", "d", "a", "c"]


def test_run_hands_out_largest_first(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("01_jiceng-dangzuzhi-dangjian.docx", "01_jiceng-dangzuzhi-dangjian_lo.pdf",
                 "seed_report_rl.pdf"):
        shutil.copy(DEV / name, folder / name)
    seen = []
    run_batch([folder], tmp_path / "out", workers=1, timeout=300,
              on_result=lambda doc: seen.append(Path(doc["source_path"]).name))
    sizes = [(folder / name).stat().st_size for name in seen]
    assert len(seen) == 3 and sizes == sorted(sizes, reverse=True)
