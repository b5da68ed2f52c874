"""The run: per-document work (process), executors, the batch driver (runner) and the Parquet
dataset writer (writer, schema)."""
