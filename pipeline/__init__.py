"""jixiao 绩效: read 项目支出绩效自评表 and the narrative around them from government
performance-evaluation reports, map them onto one Parquet schema and flag what does not add up.

The three stages install as subpackages: jixiao.extract (file -> RawDocument), jixiao.normalize
(-> records), jixiao.validate (-> flags). This package (the repository's pipeline/ folder)
wires them: jixiao.batch (the run into a Parquet dataset), jixiao.review (review.xlsx,
review.html, debug pictures) and jixiao.cli (the `jixiao` command).
"""

# From the checkout root this folder is also importable as plain `pipeline`; it is only ever `jixiao`.
if __name__ != "jixiao":
    raise ImportError(f"import jixiao, not {__name__} (pipeline/ is installed as the jixiao package)")
