"""Timing of whole commands: wall time on a monotonic clock around spawn and reap; user + system
CPU and peak RSS from GNU time (/usr/bin/time), i.e. wait4's rusage of the command, which includes
the descendants it reaped (PySpark's JVM: the job script waits for it). The command is started by
time, not by this process: a child forked from Python would inherit Python's RSS as its peak.

`interleave` runs the tools of one job in turn, A B C A B C ..., so that a drift in the machine's
speed hits every tool alike, and keeps the pairs for ratios taken pair by pair."""
from __future__ import annotations

import dataclasses
import statistics
import subprocess
import tempfile
import time
from typing import Callable, Sequence


@dataclasses.dataclass
class Sample:
    wall: float
    cpu: float
    rss: int  # bytes


class CommandFailed(RuntimeError):
    pass


def run(argv: Sequence[str], log: str, env: dict | None = None) -> Sample:
    """Runs argv with stdout and stderr to `log` (appended); raises CommandFailed on a non-zero exit."""
    with open(log, "ab") as out, tempfile.NamedTemporaryFile("r") as usage:
        start = time.monotonic()
        done = subprocess.run(["/usr/bin/time", "-o", usage.name, "-f", "%U %S %M", "--", *argv], stdout=out,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        wall = time.monotonic() - start
        figures = usage.read().split()
    if done.returncode != 0:
        with open(log, errors="replace") as f:
            tail = f.read()[-2000:]
        raise CommandFailed(f"{argv[0]} exited with {done.returncode} (log {log}):\n{tail}")
    user, system, rss_kib = figures[-3:]
    return Sample(wall, float(user) + float(system), int(rss_kib) * 1024)


@dataclasses.dataclass
class Runner:
    """One tool's way of doing a job: `prepare` (untimed) clears what a previous run left, then
    `argv` is timed."""
    tool: str
    argv: Sequence[str]
    prepare: Callable[[], None] = lambda: None
    env: dict | None = None
    samples: list[Sample] = dataclasses.field(default_factory=list)

    def once(self, log: str) -> Sample:
        self.prepare()
        return run(self.argv, log, self.env)


def interleave(runners: Sequence[Runner], runs: int, log: str, progress: Callable[[str], None]) -> None:
    for i in range(runs):
        for runner in runners:
            sample = runner.once(log)
            runner.samples.append(sample)
            progress(f"    run {i + 1}/{runs} {runner.tool}: {sample.wall:.2f} s, {sample.rss / 2**20:.0f} MiB")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def pair_ratio(other: Runner, base: Runner) -> float:
    """Median over the pairs of other's wall time / base's wall time (>1: base is faster)."""
    return median([o.wall / b.wall for o, b in zip(other.samples, base.samples)])
