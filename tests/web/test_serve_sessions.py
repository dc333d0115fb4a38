"""The terminal route's tabs over their websocket: limits, the end of a tab's process,
idle tabs, resize and input checks, quiet cursors.

Each test runs the app `medborger serve` runs (``CourseServer._make_app``) in this
process on aiohttp's test server, so it can see the server's own count of tabs; the tabs'
processes are real (``python -m course.web.session``). One test runs the whole server
as its own process, to kill it.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from course.web import server as server_module
from course.web.server import (
    CLOSE_ADDRESS_FULL,
    CLOSE_IDLE,
    CLOSE_SERVER_FULL,
    MAX_HEIGHT,
    MAX_WIDTH,
    CourseServer,
    clamp_size,
)

from .session_client import Server, Tab, descendants, screen_text

pytestmark = pytest.mark.slow


async def served(data_dir: Path, **limits) -> tuple[CourseServer, TestClient]:
    server = CourseServer(data_dir, **limits)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return server, client


async def until(check, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        await asyncio.sleep(0.1)


async def open_tab(client: TestClient, width: int = 80, height: int = 24, **headers):
    return await client.ws_connect(f"/terminal/ws?width={width}&height={height}",
                                   headers=headers, max_msg_size=0)


async def read_until(ws, wanted: str, timeout: float = 30.0) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += screen_text(message.data.decode("utf-8", "replace"))
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                              aiohttp.WSMsgType.CLOSING):
            raise AssertionError(f"closed before {wanted!r}: {seen[-500:]}")
    return seen


def processes(server: CourseServer) -> list:
    return [s._process for s in server.live.values()]


async def test_a_tab_that_sent_an_empty_keystroke_ends_with_its_connection(data_dir: Path):
    """The leak: an empty keystroke, any key, close -> the process stayed for good."""
    server, client = await served(data_dir)
    try:
        ws = await open_tab(client)
        await read_until(ws, "Skriv dit holds kode")
        (process,) = processes(server)
        await ws.send_str(json.dumps(["stdin", ""]))
        await ws.send_str(json.dumps(["stdin", "x"]))
        await asyncio.sleep(0.5)
        await ws.close()
        await until(lambda: process.returncode is not None and not server.sessions,
                    "the tab's process ended", timeout=10)
    finally:
        await client.close()


async def test_twenty_abandoned_tabs_are_all_gone_soon(data_dir: Path):
    server, client = await served(data_dir)
    try:
        tabs = [await open_tab(client) for _ in range(20)]
        # (twenty Pythons starting at once on two cores: setting up, not what is tested)
        await until(lambda: len(server.sessions) == 20, "20 tabs open", timeout=120)
        started = time.monotonic()
        for ws in tabs:
            await ws.send_str(json.dumps(["stdin", ""]))
            await ws.send_str(json.dumps(["stdin", "x"]))
            await ws.close()
        await until(lambda: not server.sessions, "every tab ended", timeout=30)
        print(f"20 abandoned tabs: count back to 0 after {time.monotonic() - started:.1f} s")
    finally:
        await client.close()


async def test_beyond_the_limits_a_danish_message_and_no_process(data_dir: Path):
    server, client = await served(data_dir, max_sessions=3, max_per_address=2)
    try:
        first, second = await open_tab(client), await open_tab(client)
        await until(lambda: len(server.sessions) == 2, "two tabs")
        third = await open_tab(client)  # the same address: one too many
        text = await _all_text(third)
        assert third.close_code == CLOSE_ADDRESS_FULL
        assert "så mange faner åbne fra dit netværk" in text
        assert len(server.sessions) == 2 and len(processes(server)) == 2
        # Another address (behind the proxy on this machine) still gets the last place…
        other = await open_tab(client, **{"X-Forwarded-For": "198.51.100.4"})
        await until(lambda: len(server.sessions) == 3, "the third tab")
        # …and then the server is full for everyone.
        fourth = await open_tab(client, **{"X-Forwarded-For": "203.0.113.8"})
        assert "Serveren har ikke plads til flere" in await _all_text(fourth)
        assert fourth.close_code == CLOSE_SERVER_FULL
        assert len(server.sessions) == 3
        for ws in (first, second, other):
            await ws.close()
        await until(lambda: not server.sessions, "all ended")
    finally:
        await client.close()


async def _all_text(ws) -> str:
    text = ""
    async for message in ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            text += message.data.decode("utf-8")
    return text


async def test_an_idle_tab_is_closed_and_says_so(data_dir: Path):
    server, client = await served(data_dir, idle_minutes=0.02)  # 1.2 seconds
    try:
        ws = await open_tab(client)  # and no key is ever pressed
        async for _message in ws:
            pass
        assert ws.close_code == CLOSE_IDLE
        await until(lambda: not server.sessions, "the idle tab ended", timeout=10)
    finally:
        await client.close()


async def test_resize_is_clamped_and_bad_messages_are_dropped(data_dir: Path, monkeypatch):
    sizes: list[tuple[int, int]] = []
    original = server_module._Session.set_terminal_size

    async def recorded(self, width: int, height: int) -> None:
        sizes.append((width, height))
        await original(self, width, height)

    monkeypatch.setattr(server_module._Session, "set_terminal_size", recorded)
    server, client = await served(data_dir)
    try:
        ws = await open_tab(client, width=100000, height=100000)
        await read_until(ws, "Skriv dit holds kode")
        for packet in (["resize", {"width": 100000, "height": 100000}],
                       ["resize", {"width": -5, "height": "x"}],
                       ["resize", {"width": 1e308, "height": True}],
                       ["resize", "stor"], ["stdin", 42], ["stdin", "x" * 5000],
                       ["ukendt", 1], {"stdin": "x"}, "ikke en liste"):
            await ws.send_str(json.dumps(packet))
        await ws.send_str("{ikke json")
        await ws.send_bytes(b"\x00" * 100)
        await ws.send_str(json.dumps(["ping", "1"]))
        pong = await ws.receive_json(timeout=10)  # the tab is still served
        while pong[0] != "pong":
            pong = await ws.receive_json(timeout=10)
        assert sizes == [(MAX_WIDTH, MAX_HEIGHT), (20, 24), (MAX_WIDTH, 24)]
        assert len(server.sessions) == 1
        for _ in range(60):  # a tab that keeps sending nonsense is closed
            await ws.send_str("[]")
        async for _message in ws:
            pass
        assert ws.close_code == 1008
        await until(lambda: not server.sessions, "the tab ended")
    finally:
        await client.close()


def test_sizes_from_the_url_and_from_resize_share_their_bounds():
    assert clamp_size("100000", "100000") == (MAX_WIDTH, MAX_HEIGHT)
    assert clamp_size("abc", None) == (80, 24)
    assert clamp_size(float("nan"), -1) == (80, 10)


async def test_an_idle_tab_sends_nothing_no_blinking_cursor(data_dir: Path):
    _server, client = await served(data_dir)
    try:
        ws = await open_tab(client)
        await read_until(ws, "Skriv dit holds kode")
        await _bytes_within(ws, 1.5)  # what is still on its way after the first screen
        quiet = await _bytes_within(ws, 2.0)
        assert quiet == 0, f"{quiet} bytes from an idle tab"
        await ws.close()
    finally:
        await client.close()


async def _bytes_within(ws, seconds: float) -> int:
    """The screen bytes a tab sends within ``seconds`` (however often it sends)."""
    count = 0
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await ws.receive(timeout=left)
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            count += len(message.data)
    return count


def test_a_killed_server_leaves_no_tab_behind(tmp_path: Path):
    server = Server(tmp_path / "data").start()
    try:
        async def open_some() -> list[int]:
            async with aiohttp.ClientSession() as session:
                tabs = [await Tab(server.url).open(session) for _ in range(3)]
                for tab in tabs:
                    await tab.wait_for("Skriv dit holds kode")
                return descendants(server.process.pid)

        children = asyncio.run(open_some())
        assert children
        os.kill(server.process.pid, signal.SIGKILL)  # no clean stop at all
        server.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if _alive(pid)]
    finally:
        server.stop()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
