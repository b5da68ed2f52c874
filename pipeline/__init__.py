"""jixiao 绩效: read 项目支出绩效自评表 and the narrative around them from government
performance-evaluation reports, map them onto one Parquet schema and flag what does not add up.

    import jixiao
    doc = jixiao.read("报告.pdf")             # -> Document: .projects, .indicators, .flags … (DataFrames)
    ds = jixiao.run(["reports/"], out="out")   # -> Dataset: the Parquet tables, .sql("…") with DuckDB

The three stages install as subpackages: jixiao.extract (file -> RawDocument), jixiao.normalize
(-> records), jixiao.validate (-> flags). This package (the repository's pipeline/ folder)
wires them: jixiao.batch (the run into a Parquet dataset), jixiao.review (review.xlsx,
review.html, debug pictures), jixiao.cli (the `jixiao` command) and jixiao.api (the API above).
"""
# From the checkout root this folder is also importable as plain `pipeline`; it is only ever `jixiao`.
if __name__ != "jixiao":
    raise ImportError(f"import jixiao, not {__name__} (pipeline/ is installed as the jixiao package)")

__all__ = ["read", "run", "open_dataset", "Document", "Dataset", "ReadError"]


def __getattr__(name: str):
    # The API pulls in pandas and pyarrow: loaded on first use, so `jixiao --help` stays fast.
    if name in __all__:
        from . import api
        return getattr(api, name)
    if name == "__version__":
        from importlib.metadata import version
        return version("jixiao")
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
