"""The inputs: `aqpipe generate` JSON Lines of about the asked size, cached outside the clone
(~/.cache/aqpipe/bench/data/) and generated again only when the size, seed or share of
duplicates changes, or the generator's sources (src/generate/) do."""
from __future__ import annotations

import dataclasses
import hashlib
import pathlib
import re
import shutil
import subprocess

CACHE = pathlib.Path.home() / ".cache/aqpipe/bench"
BYTES_PER_RECORD = 347  # what `aqpipe generate` writes on average
FILE_BYTES = 256 * 2**20  # one file per 256 MiB: several readers per tool, as real dumps have
DUPLICATES = 0.02  # share of records that repeat an earlier one, so that job B really deduplicates
SEED = 42


@dataclasses.dataclass
class Input:
    label: str  # 100M, 1G, ...
    dir: pathlib.Path
    records: int
    bytes: int

    @property
    def glob(self) -> str:
        return str(self.dir / "*.jsonl")


def parse_size(label: str) -> int:
    match = re.fullmatch(r"(\d+)([MG])", label)
    if not match:
        raise ValueError(f"size {label!r}: write a number and M or G (MiB, GiB), e.g. 100M or 1G")
    return int(match.group(1)) * (2**20 if match.group(2) == "M" else 2**30)


def prepare(label: str, aqpipe: str) -> Input:
    size = parse_size(label)
    records = size // BYTES_PER_RECORD
    files = max(1, size // FILE_BYTES)
    sources = hashlib.sha256()
    for path in sorted((pathlib.Path(__file__).resolve().parents[2] / "src/generate").glob("*")):
        sources.update(path.read_bytes())
    recipe = (f"src/generate {sources.hexdigest()[:12]}: generate --rows {records} --files {files} "
              f"--seed {SEED} --duplicates {DUPLICATES}\n")
    target = CACHE / "data" / label
    stamp = target / ".recipe"
    if not stamp.exists() or stamp.read_text() != recipe:
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([aqpipe, "generate", "--rows", str(records), "--files", str(files), "--seed", str(SEED),
                        "--duplicates", str(DUPLICATES), "--out", str(target)], check=True,
                       stdout=subprocess.DEVNULL)
        stamp.write_text(recipe)
    total = sum(p.stat().st_size for p in target.glob("*.jsonl"))
    return Input(label, target, records, total)
