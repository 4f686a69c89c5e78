"""bench/compare's parts: inputs (data), the tools' jobs (jobs, duckdb_job, spark_job, postgres),
timing (measure), output checks (checks) and the Markdown report (report)."""
