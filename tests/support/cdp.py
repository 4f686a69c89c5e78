"""A headless Chromium driven over the DevTools protocol through a pipe (--remote-debugging-pipe:
commands in on fd 3, answers and events out on fd 4, NUL-terminated JSON), so no websocket
library is needed. Started with the flags that keep it from calling out and a fresh profile.

    with Chromium(tmp_path) as browser:
        page = browser.open_page()
        page.navigate("file:///.../report.html")
        page.evaluate("1 + 1")  # -> 2
        page.events            # every event of the page, in order
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-quic", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium_binary():
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.events = []

    def call(self, method, **params):
        return self.browser.call(method, session=self.session, **params)

    def navigate(self, url, timeout=30.0):
        self.call("Page.navigate", url=url)
        self.browser.wait_for(lambda e: e.get("method") == "Page.loadEventFired" and e.get("sessionId") == self.session,
                              timeout)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])


class Chromium:
    def __init__(self, tmp_path, width=1280, height=1000):
        self.profile = tmp_path / "chromium-profile"
        self.size = (width, height)
        self.next_id = 0
        self.buffer = b""
        self.pages = {}
        self.process = None

    def __enter__(self):
        self.log = open(self.profile.parent / "chromium.log", "wb")  # noqa: SIM115 - closed in __exit__
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():  # the child's fd 3 reads commands, fd 4 writes answers (kept by pass_fds)
            high_r, high_w = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [chromium_binary(), *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
             f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log,
            preexec_fn=fds, pass_fds=(3, 4))  # noqa: PLW1509 - the fds must be set up in the child
        os.close(to_child_r)
        os.close(from_child_w)
        return self

    def __exit__(self, *exc):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - it is going away either way
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_child)
        os.close(self.from_child)
        self.log.close()

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed its DevTools pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        event = json.loads(message)
        if "method" in event and event.get("sessionId") in self.pages:
            self.pages[event["sessionId"]].events.append(event)
        return event

    def wait_for(self, predicate, timeout=30.0):
        deadline = time.monotonic() + timeout
        while True:
            event = self._read_message(deadline)
            if predicate(event):
                return event

    def call(self, method, session=None, timeout=30.0, **params):
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params}
        if session:
            command["sessionId"] = session
        os.write(self.to_child, json.dumps(command).encode() + b"\0")
        answer = self.wait_for(lambda e: e.get("id") == command["id"], timeout)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def open_page(self) -> Page:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=self.size[0], height=self.size[1],
                  deviceScaleFactor=1, mobile=False)
        return page


COLORED_SHARE_JS = """
(async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  let colored = 0, inked = 0, total = 0;
  for (let i = 0; i < px.length; i += 16) {
    total++;
    if (Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 40) colored++;
    if (Math.min(px[i], px[i + 1], px[i + 2]) < 200) inked++;
  }
  return {width: img.width, height: img.height, colored: colored / total, inked: inked / total};
})
"""


def png_stats(page: Page, png: bytes) -> dict:
    """Width, height, the share of clearly colored pixels (chart lines, dots, fills) and of inked
    ones (anything darker than light grey: text, axes, lines) of a PNG,
    decoded by the browser in `page` (a blank page: the report's own policy forbids nothing
    here, but a blank page keeps its events clean)."""
    return page.evaluate(f"{COLORED_SHARE_JS}('{base64.b64encode(png).decode()}')")
