#!/usr/bin/env python3
"""Fails when a file under src/ includes a layer it must not depend on.

The layers follow the data flow (docs/architecture.md): each unit below lists the units its
files may include besides their own. Unit tests (*_test.cc, test helpers) may use real pieces
of any layer but the command line (a pipeline test loads into a real SQLite sink). A new folder must be added here, so that
its place in the house is a decision, not an accident.

usage: check_layers.py [--graph]     (--graph prints the unit-level include graph)
"""

from __future__ import annotations

import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parents[1] / "src"

# unit -> units it may include. A unit is a top-level folder, or a backend folder below one.
ALLOWED: dict[str, set[str]] = {
    "common": set(),
    "clients/http": {"common"},
    "clients/aws": {"common", "clients/http"},
    "clients/snowflake": {"common", "clients/http"},
    "clients/openaq": {"common", "clients/http"},
    "io": {"common"},
    "io/local": {"common", "io"},
    "io/stdin": {"common", "io"},
    "io/s3": {"common", "io", "clients/aws", "clients/http"},
    "io/registry": {"common", "io", "io/local", "io/stdin"},
    "formats": {"common", "io"},
    "sources": {"common", "io", "io/registry", "io/stdin"},
    "readers": {"common", "io", "sources"},
    "normalize": {"common", "readers"},
    "sinks": {"common", "io", "io/registry", "normalize", "clients/aws"},
    "sinks/files": {"common", "io", "io/registry", "formats", "normalize", "sinks"},
    "sinks/null": {"common", "sinks"},
    "sinks/sqlite": {"common", "io", "normalize", "sinks"},
    "sinks/postgresql": {"common", "io", "normalize", "sinks"},
    "sinks/snowflake": {"common", "io", "formats", "normalize", "sinks", "sinks/files", "clients/aws",
                        "clients/http", "clients/snowflake"},
    # The one place that knows every warehouse: the list of registered sinks.
    "sinks/registry": {"common", "io", "io/registry", "normalize", "sinks", "sinks/files",
                       "sinks/null", "sinks/sqlite", "sinks/postgresql", "sinks/snowflake"},
    "pipeline": {"common", "io", "io/registry", "sources", "readers", "normalize", "sinks"},
    "generate": {"common", "io", "formats", "normalize"},  # timestamps: normalize/timestamp.h
    "ingest": {"common", "io", "formats", "normalize", "clients/openaq", "clients/http"},
    # A sharded run's stage: the files sink's output of every shard, read back for `aqpipe load`.
    "stage": {"common", "io", "io/registry", "readers", "normalize", "sinks", "sinks/files",
              "pipeline"},
    "report": {"common", "sinks"},  # the dashboard of the views' rows (sinks/views.h)
    "cli": {"*"},
}
# Files that form a unit of their own although they sit in a folder of another unit.
FILE_UNITS = {
    "io/registry.h": "io/registry",
    "io/registry.cc": "io/registry",
    "sinks/sink_registry.h": "sinks/registry",
    "sinks/sink_registry.cc": "sinks/registry",
    "sinks/sink_factory.h": "sinks/registry",
    "sinks/sink_factory.cc": "sinks/registry",
    "sinks/sink_factory_test.cc": "sinks/registry",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def unit_of(path: str) -> str:
    if path in FILE_UNITS:
        return FILE_UNITS[path]
    parts = path.split("/")
    if len(parts) > 2 and f"{parts[0]}/{parts[1]}" in ALLOWED:
        return f"{parts[0]}/{parts[1]}"
    return parts[0]


def main() -> int:
    problems, graph = [], {}
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".cc", ".h"):
            continue
        rel = path.relative_to(SRC).as_posix()
        unit = unit_of(rel)
        is_test = rel.endswith("_test.cc") or rel.startswith("testing/") or rel.endswith("/test_util.h") \
            or "test_fixture" in rel
        if unit not in ALLOWED and not rel.startswith("testing/"):
            problems.append(f"{rel}: folder '{unit}' has no place in scripts/check_layers.py's ALLOWED")
            continue
        allowed = {"*"} if unit == "cli" or rel.startswith("testing/") else ALLOWED[unit] | {unit}
        if is_test:  # a test may use real pieces of any layer but the command line (its own aside)
            allowed = set(ALLOWED) - {"cli"} | {"testing", unit}
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match or not (SRC / match.group(1)).exists():
                continue
            target = unit_of(match.group(1))
            graph.setdefault(unit, set()).add(target)
            if "*" not in allowed and target not in allowed:
                problems.append(f"src/{rel}:{number}: '{unit}' includes {match.group(1)} ('{target}'), "
                                f"which is not beneath it")
    if "--graph" in sys.argv:
        for unit in sorted(graph):
            print(f"{unit} -> {' '.join(sorted(graph[unit] - {unit}))}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} include(s) against the layers", file=sys.stderr)
        return 1
    print(f"check_layers: every include under src/ follows the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
