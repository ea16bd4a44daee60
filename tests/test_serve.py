"""`baclofen-assistant serve`: the chat in a web page, driven in a real headless browser.

The browser test uses the system's chromium and chromedriver (Debian: `apt-get install
chromium chromium-driver`); nothing is downloaded. The terminal in the page is xterm.js drawing
on a canvas, so the test reads the text from xterm's own buffer: a script installed before the
page's scripts catches the Terminal object as it is built.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.tui.serve import chat_command, is_loopback

ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored: screenshots to look at


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Another server could listen on the port now (as a server does, with SO_REUSEADDR, so
    the closed connections' TIME_WAIT does not count; a socket still listening does)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
        return True


def group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


class Served:
    def __init__(self, port: int, process: subprocess.Popen, first_line: str) -> None:
        self.port, self.process, self.first_line = port, process, first_line
        self.url = f"http://127.0.0.1:{port}"

    def stop(self, timeout: float = 10) -> tuple[int, str]:
        """Ctrl+C, as a user would (to the whole process group, like a terminal does)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)
        out, _ = self.process.communicate(timeout=timeout)
        return self.process.returncode, out


@contextlib.contextmanager
def serving(*extra: str):
    """`baclofen-assistant serve` on a free loopback port, in its own process group."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    served = None
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=20), "serve printed nothing in 20 s"
        served = Served(port, process, process.stdout.readline())
        assert served.first_line.startswith("Serving the chat at"), served.first_line
        yield served
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL if served is None else signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.communicate(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # never leave a chat process behind


# -- without a browser -------------------------------------------------------------------------

def test_the_chat_command_is_this_python_and_quoted(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/opt/my python/bin/python3; rm -rf ~")
    command = chat_command("UK")
    assert command.startswith("exec ")
    assert shlex.split(command) == ["exec", "/opt/my python/bin/python3; rm -rf ~", "-P", "-m",
                                    "assistant", "chat", "--region", "UK"]


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True),
                                            ("::1", True), ("0.0.0.0", False),
                                            ("192.168.1.20", False), ("example.org", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_an_unknown_region_stops_before_serving(capsys):
    from assistant.cli import main

    assert main(["serve", "--region", "XX", "--port", str(free_port())]) == 2
    assert "unknown region" in capsys.readouterr().err


async def _websocket(port: int, origin: str, host: str | None = None) -> int | bytes:
    """Open the chat's WebSocket as a page from `origin` would; the refusal status, or the
    first bytes of the chat."""
    import aiohttp

    headers = {"Origin": origin} | ({"Host": host} if host else {})
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24",
                                          headers=headers) as socket_:
                message = await asyncio.wait_for(socket_.receive(), 20)
                return message.data
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_only_its_own_page_may_drive_the_chat_and_ctrl_c_frees_the_port():
    with serving() as served:
        assert "http://127.0.0.1:" in served.first_line and "Ctrl+C" in served.first_line
        assert not port_is_free(served.port)
        own = f"http://127.0.0.1:{served.port}"
        # another web site's page (or one reached by DNS rebinding) gets nothing
        assert asyncio.run(_websocket(served.port, "http://evil.example")) == 403
        assert asyncio.run(_websocket(served.port, f"http://evil.example:{served.port}",
                                      host=f"evil.example:{served.port}")) == 403
        # its own page gets a chat process (still running while the server stops)
        first = asyncio.run(_websocket(served.port, own))
        assert isinstance(first, bytes) and first
        started = time.monotonic()
        code, out = served.stop()
    assert code == 0, out
    assert time.monotonic() - started < 5
    assert "Stopped." in out and "Traceback" not in out
    assert group_is_gone(served.process.pid)  # no chat process left behind
    assert port_is_free(served.port)


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("0.0.0.0", True)])
def test_binding_elsewhere_warns(assistant, capsys, host, warned):
    from assistant.tui.serve import ChatServer

    ChatServer(assistant.region, host, 8000)._announce()  # what is printed once bound
    out, err = capsys.readouterr()
    assert out.startswith(f"Serving the chat at http://{host}:8000 — open it in your browser; "
                          "Ctrl+C stops it")
    assert ("reachable from other machines" in err) is warned and err.count("\n") <= 1


# -- in a real browser -------------------------------------------------------------------------

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
CHROMEDRIVER = shutil.which("chromedriver")

# Installed before the page's own scripts: keeps the xterm.js Terminal that textual.js builds
# (its constructor sets `this._core`), so the test can read what the terminal shows.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "_core", {configurable: true, set(value) {
  Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
  if (typeof this.loadAddon === "function" && !window.__terminal) window.__terminal = this;
}});
"""
SCREEN_TEXT = """
const t = window.__terminal;
if (!t) return null;
const b = t.buffer.active, rows = [];
for (let y = 0; y < t.rows; y++) {
  const line = b.getLine(b.viewportY + y);
  rows.push(line ? line.translateToString(true, 0, t.cols) : "");
}
return rows.join("\\n");
"""
# the top rows that share the first row's background: the emergency strip, however it wraps
STRIP_TEXT = """
const t = window.__terminal, b = t.buffer.active, rows = [];
const background = y => b.getLine(b.viewportY + y).getCell(0).getBgColor();
for (let y = 0; y < t.rows && background(y) === background(0); y++) {
  rows.push(b.getLine(b.viewportY + y).translateToString(true, 0, t.cols));
}
return rows.join("\\n");
"""


@pytest.fixture()
def browser(monkeypatch):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("no browser: install Debian's chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver) to run the browser test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager never downloads anything
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
    try:
        yield driver
    finally:
        driver.quit()


def set_viewport(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def screen_text(driver, until, timeout: float = 15) -> str:
    """The terminal's text once `until(text)` holds and the text has stopped changing."""
    deadline, text, last = time.monotonic() + timeout, None, None
    while time.monotonic() < deadline:
        text = driver.execute_script(SCREEN_TEXT)
        if text and until(text) and text == last:
            return text
        last = text
        time.sleep(0.15)
    raise AssertionError(f"the page never showed what was expected; it showed:\n{text}")


def test_the_chat_works_in_a_real_browser_at_desktop_and_phone_width(browser):
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    with serving() as served:
        set_viewport(browser, 1280, 800)
        browser.get(served.url)
        assert browser.title == "Baclofen assistant"
        screen_text(browser, lambda t: "for common questions" in t)
        keyboard = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")

        keyboard.send_keys("can I drink alcohol\n")
        shown = screen_text(browser, lambda t: "Alcohol may increase the drowsy" in t)
        assert "Can I drink alcohol while taking baclofen?" in shown

        keyboard.send_keys("my son swallowed my pills\n")
        shown = screen_text(browser, lambda t: "EMERGENCY" in t and "call 911 now" in t)
        assert shown.splitlines()[0].strip().startswith("In an emergency")
        browser.save_screenshot(str(ARTIFACTS / "serve-1280x800.png"))

        set_viewport(browser, 400, 800)  # a phone
        # the browser's terminal narrows first, the app repaints after it: wait for the strip's
        # last number too (under load the first read could catch the wide strip cut off)
        shown = screen_text(browser, lambda t: browser.execute_script(
            "return window.__terminal.cols") < 50 and "EMERGENCY" in t
            and "988" in browser.execute_script(STRIP_TEXT))
        cols = browser.execute_script("return window.__terminal.cols")
        right = browser.execute_script(
            "return document.querySelector('.xterm-screen').getBoundingClientRect().right")
        assert right <= 400, "the terminal is wider than the phone's screen"
        strip = browser.execute_script(STRIP_TEXT)
        assert strip.startswith(" In an emergency") and len(strip.splitlines()) < 5, strip
        for number in ("911", "1-800-222-1222", "988"):
            assert number in strip, f"{number} not in the strip at {cols} columns:\n{shown}"
        browser.save_screenshot(str(ARTIFACTS / "serve-400x800.png"))
        code, out = served.stop()
    assert code == 0 and "Traceback" not in out, out
    assert group_is_gone(served.process.pid) and port_is_free(served.port)
