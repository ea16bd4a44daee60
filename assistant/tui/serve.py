"""`baclofen-assistant serve`: the same chat in a web page, with textual-serve.

Each browser tab gets its own chat process, started as ``<this python> -P -m assistant chat
--region R`` (an argument list joined with shlex, so nothing typed anywhere reaches a shell
unquoted). A single-user local tool: it binds 127.0.0.1 unless told otherwise, keeps no
accounts, logs no requests and writes nothing to disk unless the user saves a transcript.

Only `serve` imports this module (and textual-serve); the headless commands never do.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from assistant.regions import Region

TITLE = "Baclofen assistant"
PAGE = Path(__file__).with_name("serve.html")
LOOPBACK_NAMES = {"localhost"}


def chat_command(region: str) -> str:
    """The shell command textual-serve runs per browser tab: this interpreter, this package.

    Every word is quoted by shlex; ``exec`` leaves one process per tab (no shell in between);
    ``-P`` keeps the current folder off the module path, so a folder named ``assistant``
    where the server was started cannot stand in for the package."""
    return "exec " + shlex.join([sys.executable, "-P", "-m", "assistant", "chat",
                                 "--region", region])


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class ChatServer(Server):
    """textual-serve's server with a page of our own, same-origin checks and quiet logs."""

    def __init__(self, region: Region, host: str = "127.0.0.1", port: int = 8000) -> None:
        super().__init__(chat_command(region.code), host=host, port=port, title=TITLE,
                         templates_path=PAGE.parent)
        self.region = region
        self.public_url = f"http://{url_host(host)}:{port}"
        self._stop = asyncio.Event()
        self._sessions: dict[web.WebSocketResponse, AppService] = {}

    # -- who may connect -------------------------------------------------------------------
    def _trusted_host(self, request: web.Request) -> bool:
        """The Host header names this server by an IP address, localhost or the --host name.

        A web page elsewhere can make the browser talk to this port only under its own domain
        name (DNS rebinding), which fails here."""
        name = request.url.host or ""
        if name.lower() in LOOPBACK_NAMES or name.lower() == self.host.lower().strip("[]"):
            return True
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True

    def _same_origin(self, request: web.Request) -> bool:
        """A browser always sends Origin on a WebSocket: only our own page may open one
        (another site's page could otherwise drive the chat, e.g. save a file)."""
        return request.headers.get("Origin") == f"http://{request.host}"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self._trusted_host(request):
            raise web.HTTPForbidden(text="Open the chat at the address the server printed.")
        font_size = _int(request.query.get("fontsize"), 16)
        context: dict[str, Any] = {
            "title": TITLE,
            "emergency": self.region.strip,
            "font_size": min(max(font_size, 6), 48),
            "static_url": "/static/",
            "websocket_url": f"ws://{request.host}/ws",
        }
        response = aiohttp_jinja2.render_template(PAGE.name, request, context)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: one chat process, ended when the tab or the server goes."""
        if not (self._trusted_host(request) and self._same_origin(request)):
            raise web.HTTPForbidden(text="This chat only answers its own page.")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        await websocket.prepare(request)
        async def close() -> None:
            await websocket.close()

        service = AppService(self.command, write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=close,
                             download_manager=self.download_manager)
        self._sessions[websocket] = service
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            await _end(service)
            await websocket.close()
            self._sessions.pop(websocket, None)
        return websocket

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        if not self._trusted_host(request):
            raise web.HTTPForbidden()
        return await super().handle_download(request)

    # -- running ---------------------------------------------------------------------------
    def initialize_logging(self) -> None:
        """Warnings and errors only, and never a request line: nothing about the user."""
        logging.getLogger("textual-serve").setLevel(logging.WARNING)

    async def run(self, ready: Any = None) -> None:
        app = await self._make_app()
        app.on_startup.clear()  # textual-serve's banner; we say what matters ourselves
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=2)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            if ready is not None:
                ready()
            await self._stop.wait()
        finally:
            # close every tab's socket: its handler then ends that tab's chat process
            await asyncio.gather(*(socket.close() for socket in list(self._sessions)),
                                 return_exceptions=True)
            await runner.cleanup()

    def request_exit(self) -> None:
        self._stop.set()

    def serve(self, debug: bool = False) -> None:
        self.initialize_logging()
        asyncio.run(self._main())

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, self.request_exit)
        await self.run(ready=self._announce)

    def _announce(self) -> None:
        print(f"Serving the chat at {self.public_url} — open it in your browser; "
              "Ctrl+C stops it", flush=True)
        if not is_loopback(self.host):
            print(f"Warning: {self.host} is reachable from other machines, but this is a "
                  "single-user tool with no accounts: anyone who can reach it can use it.",
                  file=sys.stderr, flush=True)


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, min(int(value or default), 1000))
    except ValueError:
        return default


async def _end(service: AppService, grace: float = 3.0) -> None:
    """Ask the chat process to quit, then make sure it (and its shell) are gone and reaped."""
    try:
        await asyncio.wait_for(service.stop(), grace)
    except (TimeoutError, ConnectionError, RuntimeError):
        pass
    process = service._process
    if process is None:
        return
    if process.returncode is None:
        if process.stdin is not None:
            process.stdin.close()  # end of input: the chat quits
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            process.kill()
    await process.wait()


def serve(region: Region, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve until Ctrl+C (or SIGTERM). 0 after a clean stop, 1 when the port is unusable."""
    server = ChatServer(region, host, port)
    try:
        server.serve()
    except (OSError, OverflowError) as error:  # port taken, address not here, port > 65535
        print(f"baclofen-assistant: cannot serve on {url_host(host)}:{port}: "
              f"{getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C while still starting, before our handler was set
        pass
    print("Stopped.", flush=True)
    return 0
