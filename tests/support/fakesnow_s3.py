"""Lets fakesnow's COPY INTO read s3:// files from moto, the way Snowflake reads them from S3.

fakesnow hands s3:// URLs to DuckDB, whose httpfs extension is downloaded from the internet on
first use, which these machines cannot reach. Installed into the fakesnow server process
(support/fakesnow_server.py, when AQPIPE_FAKESNOW_S3_ENDPOINT is set), this module downloads each
s3:// file a COPY names from the moto endpoint with boto3 and lets DuckDB read the local copy.

What it emulates of Snowflake, so that aqpipe's bulk path is checked against it:
- a COPY from an s3:// URL must carry CREDENTIALS = (AWS_KEY_ID ... AWS_SECRET_KEY ...); the
  download uses exactly those keys (a COPY without them fails as Snowflake's does: 091003);
- a COPY from a named stage uses the stage's URL (fakesnow resolves it) and the server's own keys,
  as a stage with a storage integration would;
- a quoted empty field ("") is an empty string, not NULL (Snowflake's rule with
  FIELD_OPTIONALLY_ENCLOSED_BY; DuckDB would read it as NULL by default).
It also works around a fakesnow bug: COPY INTO a list of 11 or more columns selects column0,
column1... from read_csv, which names them column00, column01... (zero-padded) in that case.
Every file a COPY read is listed in the log (`COPY READ s3://...`), for tests to check.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from urllib.parse import urlparse

_state = threading.local()
_cache = tempfile.mkdtemp(prefix="fakesnow-s3-")


def _client(key_id: str, secret: str, token: str | None):
    import boto3
    return boto3.client("s3", endpoint_url=os.environ["AQPIPE_FAKESNOW_S3_ENDPOINT"],
                        region_name="us-east-1", aws_access_key_id=key_id,
                        aws_secret_access_key=secret, aws_session_token=token)


def _download(url: str) -> str:
    import snowflake.connector.errors
    credentials = getattr(_state, "credentials", None)
    if credentials is None and not getattr(_state, "from_stage", False):
        raise snowflake.connector.errors.ProgrammingError(
            msg=f"Failure using stage area. Cause: [Access Denied (Status Code: 403)] for {url}",
            errno=91003, sqlstate="XX000")
    if credentials is None:
        credentials = (os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
                       os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"), None)
    parsed = urlparse(url)
    local = os.path.join(_cache, hashlib.sha256(url.encode()).hexdigest() + "-" +
                         os.path.basename(parsed.path))
    try:
        _client(*credentials).download_file(parsed.netloc, parsed.path.lstrip("/"), local)
    except Exception as error:  # noqa: BLE001 - reported the way Snowflake reports it
        raise snowflake.connector.errors.ProgrammingError(
            msg=f"Remote file '{url}' was not found. ({error})", errno=91016,
            sqlstate="22000") from None
    print(f"COPY READ {url}", flush=True)
    return local


def install() -> None:
    from sqlglot import exp

    import fakesnow.copy_into as copy_into
    import fakesnow.cursor as cursor

    original_copy = copy_into.copy_into
    original_urls = copy_into._source_urls
    original_glob = copy_into._source_glob
    original_read = copy_into.ReadCSV.read_expression
    original_inserts = copy_into._inserts

    def copy(duck_conn, current_database, current_schema, expr, *args, **kwargs):
        found = expr.args.get("credentials")
        values = {}
        if isinstance(found, exp.Credentials):
            for prop in found.args.get("credentials") or []:
                values[prop.this.name.upper()] = prop.args["value"].name
        _state.credentials = ((values["AWS_KEY_ID"], values["AWS_SECRET_KEY"],
                               values.get("AWS_TOKEN")) if "AWS_KEY_ID" in values else None)
        _state.from_stage = copy_into._from_source(expr).startswith("@")
        try:
            return original_copy(duck_conn, current_database, current_schema, expr, *args, **kwargs)
        finally:
            _state.credentials = None
            _state.from_stage = False

    def source_urls(source, files):
        urls = original_urls(source, files)
        return [_download(url) if url.startswith("s3://") else url for url in urls]

    def source_glob(source, duck_conn):
        if not source.startswith("s3://"):
            return original_glob(source, duck_conn)
        parsed = urlparse(source)
        credentials = getattr(_state, "credentials", None) or ("testing", "testing", None)
        listing = _client(*credentials).list_objects_v2(Bucket=parsed.netloc,
                                                        Prefix=parsed.path.lstrip("/"))
        return [_download(f"s3://{parsed.netloc}/{item['Key']}")
                for item in listing.get("Contents", [])]

    def read_expression(self, url):
        call = original_read(self, url)
        call.append("expressions", copy_into.FileTypeHandler.make_eq("allow_quoted_nulls", False))
        return call

    def inserts(*args, **kwargs):
        statements = original_inserts(*args, **kwargs)
        for statement in statements:
            select = statement.expression
            columns = [c for c in select.expressions
                       if isinstance(c, exp.Column) and re.fullmatch(r"column\d+", c.name)]
            width = len(str(len(columns) - 1)) if columns else 1
            for column in columns:
                column.set("this", exp.Identifier(this=f"column{int(column.name[6:]):0{width}d}"))
        return statements

    copy_into._inserts = inserts
    copy_into.copy_into = copy
    cursor.copy_into = copy
    copy_into._source_urls = source_urls
    copy_into._source_glob = source_glob
    copy_into.ReadCSV.read_expression = read_expression
