"""jieba's dictionary read the fast way is jieba's dictionary, and a bad cache falls back."""
from __future__ import annotations

import marshal
import subprocess
import sys

import jieba

from jixiao.normalize import segmenter


def _tokenizer(tmp_path):
    t = jieba.Tokenizer()
    t.tmp_dir = str(tmp_path)
    return t


def test_a_broken_cache_falls_back_and_the_rebuilt_one_reads_the_same(tmp_path):
    (tmp_path / "jieba.cache").write_bytes(b"not marshal data")
    built = _tokenizer(tmp_path)
    segmenter.load_dictionary(built)          # falls back to jieba.initialize: rebuilds the cache
    assert built.initialized and built.total > 0 and len(built.FREQ) > 300_000

    fast = _tokenizer(tmp_path)
    assert segmenter.cache_path(fast) == str(tmp_path / "jieba.cache")
    segmenter.load_dictionary(fast)           # the fast path, from the cache just written
    assert fast.initialized
    assert fast.total == built.total and fast.FREQ == built.FREQ
    assert fast.lcut("项目支出绩效自评表", HMM=False) == built.lcut("项目支出绩效自评表", HMM=False)


def test_a_custom_dictionary_is_left_to_jieba(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("绩效自评 10 n\n", encoding="utf-8")
    t = jieba.Tokenizer(str(words))
    assert segmenter.cache_path(t) is None
    segmenter.load_dictionary(t)
    assert t.initialized and set(t.FREQ) == {"绩", "绩效", "绩效自", "绩效自评"}


def test_the_shared_module_is_loaded_once_and_segments():
    module = segmenter.jieba()
    assert module is segmenter.jieba() and module.dt.initialized
    tags = {w.word: w.flag for w in segmenter.posseg().lcut("按照年度预算执行项目")}
    assert tags["按照"] == "p"


def _tags_in_fresh_process(tmp_dir) -> tuple[str, int]:
    """In a new process whose jieba keeps its caches in `tmp_dir`: 按照's tag and the tag count."""
    code = ("import sys, jieba\njieba.dt.tmp_dir = sys.argv[1]\n"
            "from jixiao.normalize import segmenter\nps = segmenter.posseg()\n"
            "print(ps.dt.word_tag_tab['按照'], len(ps.dt.word_tag_tab), ps.lcut('按照年度预算执行项目')[0].flag)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_dir)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    tag, count, cut_tag = done.stdout.split()
    assert cut_tag == tag
    return tag, int(count)


def test_word_tags_are_cached_used_and_a_broken_cache_is_read_again(tmp_path):
    built = _tags_in_fresh_process(tmp_path)       # no cache: read from dict.txt, cache written
    assert built[0] == "p" and built[1] > 300_000
    (cache,) = tmp_path.glob("jixiao-jieba-tags-*.cache")
    tags = marshal.loads(cache.read_bytes())
    assert len(tags) == built[1]

    tags["按照"] = "zz"                            # the next process must take its tags from here
    cache.write_bytes(marshal.dumps(tags))
    assert _tags_in_fresh_process(tmp_path) == ("zz", built[1])

    cache.write_bytes(b"not marshal data")         # unreadable: dict.txt again, and rewritten
    assert _tags_in_fresh_process(tmp_path) == built
    assert marshal.loads(cache.read_bytes())["按照"] == "p"
