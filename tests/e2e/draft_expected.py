"""Drafts the expected files of a case from what the current aqpipe does (SQLite).

    .venv/bin/python tests/e2e/draft_expected.py tests/e2e/cases/<name>            # print the drafts
    .venv/bin/python tests/e2e/draft_expected.py tests/e2e/cases/<name> --write    # write them

A draft only records today's behaviour: read every value and fix what is wrong before committing,
otherwise the case guards a bug instead of catching it. Uses AQPIPE_BIN like the tests.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from tests.e2e.caselib import NULL, Case, read_rejects, sort_key  # noqa: E402
from tests.e2e.runner import aqpipe_binary  # noqa: E402
from tests.e2e.warehouses import SQLiteWarehouse  # noqa: E402


def cell(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case_dir", type=pathlib.Path)
    parser.add_argument("--write", action="store_true", help="write the files instead of printing them")
    options = parser.parse_args()
    case = Case(options.case_dir.name, options.case_dir.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        warehouse = SQLiteWarehouse()
        base = [str(aqpipe_binary()), "run", "--warehouse", warehouse.url(tmp)]
        if case.preload_dir:
            subprocess.run(base + ["--rejects", str(tmp / "r0")] + case.run_args(case.preload_dir), check=True,
                           cwd=tmp, capture_output=True)
        result = subprocess.run(base + ["--rejects", str(tmp / "r1")] + case.run_args(case.input_dir), cwd=tmp,
                                capture_output=True, text=True)
        files = {"expected_exit": f"{result.returncode}\n"} if result.returncode else {}
        table = warehouse.read_table(case.table)
        if table and table.rows:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(table.columns)
            key = [table.columns.index(k) for k in case.key if k in table.columns]
            for row in sorted(table.rows, key=sort_key(key)):
                writer.writerow([cell(v) for v in row])
            files["expected.csv"] = out.getvalue()
            files["expected_types.txt"] = "".join(f"{c} {t}\n" for c, t in zip(table.columns, table.types))
        _, entries = read_rejects(tmp / "r1")
        if entries:
            files["expected_rejects.jsonl"] = "".join(
                json.dumps({"source": pathlib.Path(e["source"]).name, "line": e["line"], "record": e["record"],
                            "reason": e["reason"]}, ensure_ascii=False) + "\n" for e in entries)
        print(f"# exit {result.returncode}\n# stdout:\n{result.stdout}# stderr:\n{result.stderr}", file=sys.stderr)
        for name, text in files.items():
            if options.write:
                (case.dir / name).write_text(text, encoding="utf-8")
            else:
                print(f"==> {name}\n{text}")


if __name__ == "__main__":
    main()
