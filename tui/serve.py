"""``lectern serve``: the dashboard in a browser, one app process per tab (textual-serve)."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Sequence
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_CONNECTIONS = 4
"""Tabs served at once: each runs a dashboard process of its own."""
SERVED_WORKERS = 1
"""Analysis processes per tab unless ``--workers`` says otherwise: ten tabs, ten processes."""

FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lectern: all seats taken</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Lectern is busy</h1>
<p>This server already runs {limit} dashboards, its limit (each browser tab runs one).
Close another Lectern tab, then reload this page.</p>
</body></html>
"""


KEEP_EARLY_KEYS = """<style>
/* Clicks pass through the "connecting" card to the terminal, which then has the focus. */
.intro-dialog { pointer-events: none; }
</style>
<script>
/* Lectern: every key typed in the page reaches the dashboard. The page's own script drops
   keys typed before its connection is open (WebSocket.send throws while connecting), and
   the terminal has no keyboard focus until clicked: hold the first, focus the second. */
(function () {
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (this.readyState !== WebSocket.CONNECTING) {
      return send.call(this, data);
    }
    if (!this.lecternHeld) {
      this.lecternHeld = [];
      this.addEventListener("open", () => {
        for (const held of this.lecternHeld) send.call(this, held);
        this.lecternHeld = [];
      });
    }
    this.lecternHeld.push(data);
  };
  window.addEventListener("load", () => {
    setTimeout(() => {
      const input = document.querySelector(".xterm-helper-textarea");
      if (input && document.activeElement !== input) input.focus();
    }, 0);
  });
})();
</script>
"""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """What to tell the person who serves beyond this machine (None on loopback)."""
    if is_loopback(host):
        return None
    return (
        f"lectern serve: WARNING: listening on {host}:{port}. Anyone who can reach this port "
        "can read the documents served and add, change or delete bookmarks: there is no "
        "authentication. Serve on 127.0.0.1 (the default) unless this network is trusted."
    )


def dashboard_command(
    paths: Sequence[str], *, db: str | None, workers: int, max_mb: float | None
) -> str:
    """The shell command textual-serve runs for each tab: this Python, this Lectern."""
    argv = [sys.executable, "-m", "tui.cli", *paths, "--workers", str(workers)]
    if db:
        argv += ["--db", db]
    if max_mb is not None:
        argv += ["--max-mb", str(max_mb)]
    return shlex.join(argv)


def make_server(
    command: str, *, host: str, port: int, public_url: str | None, max_connections: int
) -> Any:
    """A textual-serve server that refuses tabs over ``max_connections`` with a page
    saying why (imported here: only ``lectern serve`` needs aiohttp)."""
    from aiohttp import web
    from textual_serve.server import Server

    class LecternServer(Server):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title="Lectern", public_url=public_url)
            self.active = 0

        async def handle_index(self, request: web.Request) -> Any:
            if self.active >= max_connections:
                page = FULL_PAGE.format(limit=max_connections)
                return web.Response(status=503, text=page, content_type="text/html")
            response = await super().handle_index(request)
            response.text = response.text.replace("<head>", "<head>" + KEEP_EARLY_KEYS, 1)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if self.active >= max_connections:
                refused = web.WebSocketResponse()
                await refused.prepare(request)
                await refused.close(code=1013, message=b"Lectern: too many tabs open")
                return refused
            self.active += 1
            try:
                return await super().handle_websocket(request)
            finally:
                self.active -= 1

    return LecternServer()


def run_serve(
    paths: Sequence[str],
    *,
    host: str,
    port: int,
    db: str | None,
    workers: int,
    max_mb: float | None,
    max_connections: int,
    public_url: str | None,
) -> int:
    warning = exposure_warning(host, port)
    if warning:
        print(warning, file=sys.stderr)
    command = dashboard_command(paths, db=db, workers=workers, max_mb=max_mb)
    server = make_server(
        command, host=host, port=port, public_url=public_url, max_connections=max_connections
    )
    server.serve()
    return 0
