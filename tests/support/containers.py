"""The container tools the image tests drive, and a local registry for them.

`require_tools()` fails (never skips) when buildah, skopeo, debootstrap or docker-registry is
missing: scripts/setup-container.sh installs them. `build_image(tag)` runs
scripts/container/build_image.sh (the debootstrap base cached under ~/.cache/aqpipe, buildah's
layer cache and ccache make a rebuild fast). `WorkingContainer` is `buildah from` an image:
`run()` executes a command inside it with `buildah run --isolation chroot` (this machine has no
Docker engine and refuses `podman run`), `path()` reads its root filesystem through
`buildah mount`. `LocalRegistry` is Debian's docker-registry (the Docker Registry HTTP API V2) on
a free port of 127.0.0.1 with its own storage folder, plain HTTP, no auth.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from support.moto_server import end_process, free_port

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOOLS = ("buildah", "skopeo", "debootstrap", "docker-registry")


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}")]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/setup-container.sh (scripts/setup.sh calls it)")


def tool(*args: str, timeout: float = 120, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Runs a container tool; a failure shows its output."""
    result = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def build_image(tag: str, timeout: float = 1800) -> float:
    """Builds the repo's Dockerfile as `tag`; returns the wall time in seconds."""
    started = time.monotonic()
    tool("bash", str(ROOT / "scripts" / "container" / "build_image.sh"), tag, timeout=timeout)
    return time.monotonic() - started


def image_config(image: str) -> dict:
    """The OCI image configuration (User, Entrypoint, Env, WorkingDir, ...) of a local image."""
    out = tool("buildah", "inspect", "--type", "image", image).stdout
    return json.loads(out)["OCIv1"]["config"]


class WorkingContainer:
    def __init__(self, image: str):
        self.name = tool("buildah", "from", "--pull-never", image).stdout.strip()
        self.root = pathlib.Path(tool("buildah", "mount", self.name).stdout.strip())

    def run(self, *command: str, env: dict[str, str] | None = None, volumes: tuple[str, ...] = (),
            timeout: float = 120) -> subprocess.CompletedProcess:
        """`buildah run` as the image's configured user and working directory (not as root)."""
        args = ["buildah", "run", "--isolation", "chroot"]
        for name, value in (env or {}).items():
            args += ["--env", f"{name}={value}"]
        for volume in volumes:
            args += ["--volume", volume]
        return subprocess.run([*args, self.name, "--", *command], capture_output=True, text=True,
                              timeout=timeout)

    def path(self, inside: str) -> pathlib.Path:
        return self.root / inside.lstrip("/")

    def remove(self) -> None:
        subprocess.run(["buildah", "rm", self.name], capture_output=True, timeout=60)


class LocalRegistry:
    def __init__(self, storage: pathlib.Path):
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self._storage = storage
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "LocalRegistry":
        self._storage.mkdir(parents=True, exist_ok=True)
        config = self._storage / "config.yml"
        config.write_text(json.dumps({  # YAML is a superset of JSON
            "version": 0.1,
            "log": {"level": "warn", "accesslog": {"disabled": True}},
            "storage": {"filesystem": {"rootdirectory": str(self._storage / "data")}},
            "http": {"addr": self.address, "secret": "aqpipe-test-registry"},
        }))
        self._log = open(self._storage / "registry.log", "wb")
        self._process = subprocess.Popen(["docker-registry", "serve", str(config)],
                                         stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"docker-registry exited with {self._process.returncode}: "
                                   f"{(self._storage / 'registry.log').read_text()}")
            try:
                with urllib.request.urlopen(f"http://{self.address}/v2/", timeout=1):
                    return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"docker-registry did not answer on {self.address} within {timeout} s")

    def stop(self) -> None:
        end_process(self._process)
        self._process = None
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None

    def __enter__(self) -> "LocalRegistry":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
