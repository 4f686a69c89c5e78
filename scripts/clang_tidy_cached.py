#!/usr/bin/env python3
"""clang-tidy over every library source, skipping files whose result cannot have changed.

A source is checked again unless the cache holds a clean result for the same inputs: the
source, every project header it includes (from the build's own dependency list, `ninja -t deps`),
.clang-tidy, the compile command and clang-tidy's version. Only clean results are cached, so a
finding fails every run until it is fixed, and an empty cache (a new machine) is a full run.

usage: clang_tidy_cached.py BUILD_DIR [--cache DIR] [--jobs N]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]


def object_dependencies(build: pathlib.Path) -> dict[str, list[pathlib.Path]]:
    """source path -> the project files it was compiled from (itself and its headers)."""
    text = subprocess.run(["ninja", "-C", str(build), "-t", "deps"], check=True,
                          capture_output=True, text=True).stdout
    deps: dict[str, list[pathlib.Path]] = {}
    current: list[pathlib.Path] | None = None
    for line in text.splitlines():
        if line and not line[0].isspace():
            current = []
            deps[line.split(":", 1)[0]] = current
        elif line.strip() and current is not None:
            path = (build / line.strip()).resolve()
            if path.is_relative_to(REPO):
                current.append(path)
    by_source: dict[str, list[pathlib.Path]] = {}
    for files in deps.values():
        for path in files:
            if path.suffix == ".cc":
                by_source[str(path)] = files
                break
    return by_source


def digest(paths, *extra: str) -> str:
    h = hashlib.sha256()
    for value in extra:
        h.update(value.encode())
        h.update(b"\0")
    for path in sorted(set(paths)):
        h.update(str(path.relative_to(REPO)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("build", type=pathlib.Path)
    parser.add_argument("--cache", type=pathlib.Path,
                        default=pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache"))
                        / "aqpipe" / "clang-tidy")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    build = args.build.resolve()

    sources = subprocess.run(["git", "ls-files", "src/*.cc", ":!:src/*_test.cc"], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout.split()
    # The command with the checkout's path taken out, so that a clone elsewhere hits the cache.
    commands = {str(pathlib.Path(c["directory"], c["file"]).resolve()):
                c.get("command", " ".join(c.get("arguments", []))).replace(str(REPO), "<checkout>")
                for c in json.loads((build / "compile_commands.json").read_text())}
    deps = object_dependencies(build)
    version = subprocess.run(["clang-tidy", "--version"], check=True, capture_output=True, text=True).stdout
    config = (REPO / ".clang-tidy").read_text()

    todo: list[tuple[str, pathlib.Path]] = []
    for source in sources:
        path = (REPO / source).resolve()
        files = deps.get(str(path), [path])  # not built yet: the source alone, so it always runs
        marker = args.cache / digest(files, version, config, commands.get(str(path), ""))
        if not marker.exists() or str(path) not in deps:
            todo.append((source, marker))

    print(f"clang-tidy: {len(sources) - len(todo)} of {len(sources)} sources unchanged since a clean check, "
          f"checking {len(todo)}", flush=True)

    def check(item):
        source, marker = item
        result = subprocess.run(["clang-tidy", "-p", str(build), "--quiet", source], cwd=REPO,
                                capture_output=True, text=True)
        return source, marker, result

    failed = 0
    args.cache.mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for source, marker, result in pool.map(check, todo):
            if result.returncode != 0:  # .clang-tidy makes every finding an error
                failed += 1
                findings = [line for line in (result.stdout + result.stderr).splitlines()
                            if line.strip() and not line.rstrip().endswith("generated.")]
                print(f"clang-tidy: {source}", file=sys.stderr)
                print("\n".join(findings), file=sys.stderr)
            else:
                marker.touch()
    if failed:
        print(f"clang-tidy: {failed} source(s) with findings", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
