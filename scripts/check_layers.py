#!/usr/bin/env python3
"""Fails when a file under src/ includes a layer it must not depend on.

The layers follow the data flow (docs/architecture.md): each unit below lists the units its
files may include besides their own. Unit tests (*_test.cc) and src/testing/ may include
anything of the layer they test and the layers beneath. A new folder must be added here, so that
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
    "io": {"common"},
    "formats": {"common", "io"},
    "sources": {"common", "io"},
    "sources/local": {"common", "io", "sources"},
    "sources/s3": {"common", "io", "sources", "clients/aws", "clients/http"},
    "readers": {"common", "io", "sources"},
    "normalize": {"common", "readers"},
    "sinks": {"common", "io", "normalize", "clients/aws"},
    "sinks/files": {"common", "io", "formats", "normalize", "sinks"},
    "sinks/null": {"common", "sinks"},
    "sinks/sqlite": {"common", "io", "normalize", "sinks"},
    "sinks/postgresql": {"common", "io", "normalize", "sinks"},
    "sinks/snowflake": {"common", "io", "formats", "normalize", "sinks", "sinks/files", "clients/aws",
                        "clients/http", "clients/snowflake"},
    # The one place that knows every backend: the list of registered sources and sinks.
    "registry": {"common", "io", "sources", "sources/local", "sources/s3", "sinks", "sinks/files",
                 "sinks/null", "sinks/sqlite", "sinks/postgresql", "sinks/snowflake", "clients/aws"},
    "pipeline": {"common", "io", "sources", "readers", "normalize", "sinks"},
    "generate": {"common", "io", "formats"},
    "cli": {"*"},
}
# Files that form a unit of their own although they sit in a folder of another unit.
FILE_UNITS = {
    "sinks/sink_registry.h": "registry",
    "sinks/sink_registry.cc": "registry",
    "sources/source_registry.h": "registry",
    "sources/source_registry.cc": "registry",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def unit_of(path: str) -> str:
    if path in FILE_UNITS:
        return FILE_UNITS[path]
    parts = path.split("/")
    if len(parts) > 2 and f"{parts[0]}/{parts[1]}" in ALLOWED:
        return f"{parts[0]}/{parts[1]}"
    return parts[0]


def below(unit: str) -> set[str]:
    """Every unit that `unit` may reach, directly or through the units it may include."""
    seen, todo = set(), [unit]
    while todo:
        for dep in ALLOWED.get(todo.pop(), set()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


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
        if is_test:  # a test may use what its layer may reach, and the shared test helpers
            allowed = allowed | below(unit) | {"testing"}
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
