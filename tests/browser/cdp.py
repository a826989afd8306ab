"""A small Chrome DevTools Protocol client for headless Chromium: loads a page, records every
console error, failed load and request, evaluates JavaScript and takes screenshots. Chromium
comes from the system (Debian's `chromium`); nothing is downloaded."""

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import websocket

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--remote-allow-origins=*",
    "--remote-debugging-port=0",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class PageReport:
    def __init__(self, url: str):
        self.url = url
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.status: int | None = None

    def foreign_requests(self, allowed_netloc: str) -> list[str]:
        """Requests that leave the server under test (data:, blob: and about: stay local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != allowed_netloc
        ]


class Browser:
    """One headless Chromium; `page()` opens a tab driven over its websocket."""

    def __init__(self, executable: str, *, width: int = 1280, height: int = 900):
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="mechta-chromium-")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        self.port = int(port_file.read_text().split()[0])

    def page(self) -> "Page":
        request = Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")  # noqa: S310 - local
        with urlopen(request, timeout=10) as response:  # noqa: S310 - local DevTools endpoint
            target = json.load(response)
        return Page(self, target)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, browser: Browser, target: dict):
        self.browser = browser
        self.target_id = target["id"]
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(method)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=browser.width,
            height=browser.height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method: str, **params):
        self.next_id += 1
        message_id = self.next_id
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def _pump(self, seconds: float) -> None:
        self.ws.settimeout(seconds)
        try:
            message = json.loads(self.ws.recv())
            if "method" in message:
                self.events.append(message)
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.ws.settimeout(30)

    def set_language(self, language: str) -> None:
        self.send("Network.setExtraHTTPHeaders", headers={"Accept-Language": language})

    def set_cookie(self, *, url: str, name: str, value: str) -> None:
        self.send("Network.setCookie", url=url, name=name, value=value)

    def load(self, url: str, *, settle: float = 0.6, timeout: float = 30) -> PageReport:
        """Navigate and wait for the load event and then until no request is pending for
        `settle` seconds (Swagger UI and ReDoc fetch the schema after load)."""
        self.events.clear()
        self.send("Page.navigate", url=url)
        report = PageReport(url)
        deadline = time.monotonic() + timeout
        loaded, pending, quiet_since = False, {}, None
        seen = 0
        while time.monotonic() < deadline:
            self._pump(0.1)
            for event in self.events[seen:]:
                method, params = event["method"], event.get("params", {})
                if method == "Page.loadEventFired":
                    loaded = True
                elif method == "Network.requestWillBeSent":
                    if params["request"]["url"].startswith(("http:", "https:")):  # a blob: worker never ends
                        pending[params["requestId"]] = params["request"]["url"][:120]
                    report.requests.append(params["request"]["url"])
                elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                    pending.pop(params["requestId"], None)
                    if method == "Network.loadingFailed" and not params.get("canceled"):
                        report.errors.append(f"load failed: {params.get('errorText')}")
                elif method == "Network.responseReceived" and params.get("type") == "Document" and report.status is None:
                    report.status = params["response"]["status"]
                elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                    text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
                    report.errors.append(f"console.{params['type']}: {text}")
                elif method == "Runtime.exceptionThrown":
                    report.errors.append(f"exception: {params['exceptionDetails'].get('text')}")
                elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                    entry = params["entry"]
                    report.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
            seen = len(self.events)
            if loaded and not pending:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    break
            else:
                quiet_since = None
        else:
            report.errors.append(f"page did not settle in time (loaded={loaded}, pending={list(pending.values())})")
        return report

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("text"))
        return result["result"].get("value")

    def screenshot(self, path: Path, *, full_page: bool = True) -> None:
        params = {"format": "png"}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": self.browser.width, "height": size["height"], "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            request = Request(f"http://127.0.0.1:{self.browser.port}/json/close/{self.target_id}")  # noqa: S310
            with contextlib.suppress(OSError):
                urlopen(request, timeout=5).close()  # noqa: S310 - local DevTools endpoint
