"""Reading end-to-end cases (tests/e2e/cases/<name>/) and what aqpipe printed. See tests/README.md."""

from __future__ import annotations

import csv
import dataclasses
import json
import pathlib
import re
from typing import Optional

from .warehouses import StorageMismatch

CASES_DIR = pathlib.Path(__file__).resolve().parent / "cases"
DEFAULT_TABLE = "measurements"
DEFAULT_KEY = ["location_id", "parameter", "date_utc"]
NULL = r"\N"
KNOWN_FILES = {"input", "preload", "args.txt", "expected.csv", "expected_types.txt", "expected_rejects.jsonl",
               "expected_exit", "expected_stderr.txt", "expected_counts.txt", "xfail.txt", "README.md"}
COUNT_NAMES = ("loaded", "read", "duplicates", "quarantined")


class CaseError(Exception):
    """The case folder itself is wrong (not aqpipe)."""


def _lines(path: pathlib.Path) -> list:
    """Non-blank lines that are not # comments."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip("\r"))
    return out


def _flag_value(args: list, *names: str) -> Optional[str]:
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(name + "="):
                return arg[len(name) + 1:]
    return None


@dataclasses.dataclass
class Case:
    name: str
    dir: pathlib.Path

    def __post_init__(self):
        unknown = sorted(p.name for p in self.dir.iterdir() if p.name not in KNOWN_FILES)
        if unknown:
            raise CaseError(f"case {self.name}: unknown files {unknown} (typo? see tests/README.md)")
        self.input_dir = self.dir / "input"
        self.preload_dir = self.dir / "preload" if (self.dir / "preload").is_dir() else None
        self.args = _lines(self.dir / "args.txt") if (self.dir / "args.txt").exists() else []
        self.table = _flag_value(self.args, "--table", "-t") or DEFAULT_TABLE
        key = _flag_value(self.args, "--key")
        self.key = [k.strip() for k in key.split(",") if k.strip()] if key is not None else list(DEFAULT_KEY)
        exit_file = self.dir / "expected_exit"
        self.expected_exit = int(exit_file.read_text().strip()) if exit_file.exists() else 0
        stderr_file = self.dir / "expected_stderr.txt"
        self.expected_stderr = _lines(stderr_file) if stderr_file.exists() else []
        self.xfail = known_bug(self.dir)
        self.expected_counts = self._read_counts()
        self.expected_table = self._read_expected_table()
        rejects = self.dir / "expected_rejects.jsonl"
        self.expected_rejects = [json.loads(l) for l in _lines(rejects)] if rejects.exists() else []

    def _read_counts(self) -> dict:
        path = self.dir / "expected_counts.txt"
        if not path.exists():
            return {}
        counts = {}
        for line in _lines(path):
            name, _, value = line.partition(" ")
            if name not in COUNT_NAMES:
                raise CaseError(f"case {self.name}: expected_counts.txt: unknown count {name!r} ({COUNT_NAMES})")
            counts[name] = int(value)
        return counts

    def _read_expected_table(self):
        """(columns, types, rows) with typed values, or None when no table/rows are expected."""
        csv_path, types_path = self.dir / "expected.csv", self.dir / "expected_types.txt"
        if not csv_path.exists():
            if types_path.exists():
                raise CaseError(f"case {self.name}: expected_types.txt without expected.csv")
            return None
        if not types_path.exists():
            raise CaseError(f"case {self.name}: expected.csv needs expected_types.txt")
        with csv_path.open(newline="", encoding="utf-8") as f:
            records = list(csv.reader(f))
        header, body = records[0], records[1:]
        declared = [line.split() for line in _lines(types_path)]
        if any(len(d) != 2 for d in declared):
            raise CaseError(f"case {self.name}: expected_types.txt lines are '<column> <TYPE>'")
        if [d[0] for d in declared] != header:
            raise CaseError(f"case {self.name}: expected_types.txt lists {[d[0] for d in declared]}, "
                            f"expected.csv's header is {header}")
        types = [d[1] for d in declared]
        rows = []
        for n, record in enumerate(body, start=2):
            if len(record) != len(header):
                raise CaseError(f"case {self.name}: expected.csv line {n} has {len(record)} fields, not {len(header)}")
            rows.append(tuple(parse_cell(cell, t, f"{self.name}/expected.csv:{n}") for cell, t in zip(record, types)))
        return header, types, rows

    def run_args(self, source: pathlib.Path) -> list:
        """The case's extra arguments with {input} and {case} filled in; --source and --table added
        unless the case sets them."""
        args = [a.replace("{input}", str(self.input_dir)).replace("{case}", str(self.dir)) for a in self.args]
        if _flag_value(args, "--source", "-s") is None:
            args += ["--source", str(source)]
        if _flag_value(args, "--table", "-t") is None:
            args += ["--table", self.table]
        return args


def parse_cell(cell: str, ctype: str, where: str):
    if cell == NULL:
        return None
    try:
        if ctype == "BIGINT":
            return int(cell)
        if ctype == "DOUBLE":
            return float(cell)
        if ctype == "BOOLEAN":
            return {"true": True, "false": False}[cell]
        if ctype in ("TEXT", "TIMESTAMP"):
            return cell
    except (KeyError, ValueError):
        pass
    raise CaseError(f"{where}: {cell!r} is not a valid {ctype} (NULL is {NULL})")


def case_dirs() -> list:
    return [d for d in sorted(CASES_DIR.iterdir()) if d.is_dir() and not d.name.startswith(("_", "."))]


def known_bug(case_dir: pathlib.Path) -> Optional[str]:
    """The reason in the case's xfail.txt, or None."""
    path = case_dir / "xfail.txt"
    return " ".join(_lines(path)) if path.exists() else None


def sort_key(key_positions: list):
    """Rows sorted by the key columns, then by the whole row; None sorts last, types never mix."""

    def one(value):
        if value is None:
            return (1, "", "")
        if isinstance(value, StorageMismatch):
            return (2, "", repr(value))
        return (0, type(value).__name__, value)

    def key(row):
        return tuple(one(row[i]) for i in key_positions) + tuple(one(v) for v in row)

    return key


SUMMARY = {
    "loaded": re.compile(r"^loaded ([\d,]+) new rows into ", re.M),
    "read": re.compile(r"^  read ([\d,]+) records from ", re.M),
    "duplicates": re.compile(r"^  skipped ([\d,]+) duplicates, ", re.M),
    "quarantined": re.compile(r"quarantined ([\d,]+) records", re.M),
}


def parse_summary(stdout: str) -> dict:
    """The counts of a successful run's text summary: loaded, read, duplicates, quarantined."""
    counts = {}
    for name, pattern in SUMMARY.items():
        found = pattern.search(stdout)
        if found:
            counts[name] = int(found.group(1).replace(",", ""))
    return counts


def read_rejects(directory: pathlib.Path) -> tuple:
    """(the rejects files in directory, their entries in file order)."""
    files = sorted(directory.glob("rejects-*.jsonl")) if directory.is_dir() else []
    entries = []
    for path in files:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise AssertionError(f"{path}:{n} is not one JSON object per line: {line!r} ({e})")
    return files, entries
