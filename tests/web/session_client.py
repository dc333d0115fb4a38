"""Driving `medborger serve` the way its page does: helpers for the tests and bench/serve.py.

textual-serve's page opens a websocket to ``/terminal/ws?width=W&height=H`` and sends JSON packets:
``["stdin", text]`` (what the keyboard typed, as a terminal would send it),
``["resize", {"width", "height"}]``, ``["ping", x]``. The server answers with binary
frames, each a piece of the tab's terminal output (ANSI escape sequences and text), and a
few JSON text frames (``["pong", x]``, ``["open_url", …]``). The screen is read here by
stripping the escape sequences (a cursor move becomes a line break) and looking for the
Danish text the course shows.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from course.content.model import Matching, MultipleChoice, Ordering, Question, TextAnswer

ROOT = Path(__file__).resolve().parents[2]

ENTER, ESCAPE, RIGHT = "\r", "\x1b", "\x1b[C"

_ESCAPES = re.compile(
    r"\x1b\[[0-9;?]*[Hf]"  # cursor position: a new place on the screen
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # other CSI sequences (colours, modes)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (titles, hyperlinks)
    r"|\x1b[()][0-9A-Za-z]|\x1b[=>78NOPc\\]"
)


def screen_text(raw: str) -> str:
    """Terminal output as plain text: escapes removed, a cursor move as a line break."""
    return _ESCAPES.sub(lambda m: "\n" if m.group(0)[-1] in "Hf" else "", raw)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def content_args() -> list[str]:
    """--content for the CLI when the tests run on another content folder."""
    other = os.environ.get("MEDBORGER_TEST_CONTENT")
    return ["--content", other] if other else []


def serve_command(port: int, data: Path, content: Path | None = None) -> list[str]:
    """`medborger serve` as a command line (this Python, the installed package)."""
    folder = ["--content", str(content)] if content else content_args()
    return [sys.executable, "-c", "import sys; from course.cli import main; sys.exit(main())",
            "serve", "--port", str(port), "--data", str(data), *folder]


class Server:
    """`medborger serve` in its own process group (so it and every tab's process can be
    stopped together), on a free loopback port."""

    def __init__(self, data: Path, port: int | None = None,
                 content: Path | None = None, extra: list[str] | None = None) -> None:
        self.data = data
        self.content = content
        self.extra = extra or []
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data.parent / f"serve-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(serve_command(self.port, self.data, self.content)
                                            + self.extra,
                                            cwd=ROOT,
                                            stdout=log, stderr=subprocess.STDOUT, env=env,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer in {timeout} s: {self.output()}")

    def output(self) -> str:
        try:
            return self.log.read_text("utf-8", "replace")
        except OSError:
            return ""

    def pids(self) -> list[int]:
        """The server and every process under it (the tabs' shells and apps)."""
        if self.process is None:
            return []
        return [self.process.pid, *descendants(self.process.pid)]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        try:  # a tab's process that outlived the server
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from /proc (children of each thread)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                text = Path(f"/proc/{parent}/task/{task}/children").read_text()
            except OSError:
                continue
            for child in text.split():
                found.append(int(child))
                todo.append(int(child))
    return found


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (VmRSS), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def answer_keys(question: Question) -> list[str]:
    """What a pupil types to give some answer to ``question``: a list of key strings
    (each one terminal key or a piece of typed text)."""
    if isinstance(question, TextAnswer):
        return ["ved ikke", ENTER]
    if isinstance(question, MultipleChoice):
        return ["1", ENTER]
    if isinstance(question, Matching):
        return ["1"] * len(question.pairs) + [ENTER]
    if isinstance(question, Ordering):
        return [ENTER]
    return ["1"]  # single choice, true/false: the digit answers


def open_attempt(record_path: Path, module: str | None = None) -> dict | None:
    """The newest unfinished quiz attempt in a learner's record file, read as JSON."""
    try:
        data = json.loads(record_path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    rows = [row for row in (data.get("attempts") or {}).values()
            if not row.get("finished") and (module is None or row.get("module") == module)]
    return rows[-1] if rows else None


def current_question(attempt: dict) -> str | None:
    state = attempt.get("state") or {}
    answered = state.get("responses") or {}
    return next((q for q in state.get("order") or [] if q not in answered), None)


class Tab:
    """One browser tab's websocket: keys in, screen out."""

    def __init__(self, url: str, width: int = 80, height: int = 24) -> None:
        self.ws_url = url.replace("http", "ws", 1) + f"/terminal/ws?width={width}&height={height}"
        self.width, self.height = width, height
        self.text = ""  # everything shown so far, as plain text
        self.frames: list[float] = []  # arrival time of every output frame
        self.connected_at = 0.0
        self.closed = False
        self._new = asyncio.Event()
        self._reader: asyncio.Task | None = None

    async def open(self, session) -> Tab:
        self.connected_at = time.perf_counter()
        self.ws = await session.ws_connect(self.ws_url, heartbeat=None, max_msg_size=0)
        await self.ws.send_str(json.dumps(["resize", {"width": self.width,
                                                      "height": self.height}]))
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        import aiohttp

        try:
            async for message in self.ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.frames.append(time.perf_counter())
                    self.text += screen_text(message.data.decode("utf-8", "replace"))
                    self._new.set()
        finally:
            self.closed = True
            self._new.set()

    def mark(self) -> int:
        """A place in the text: :meth:`wait_for` can look only at what came after it."""
        return len(self.text)

    async def wait_for(self, wanted: str, since: int = 0, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while wanted not in self.text[since:]:
            left = deadline - time.perf_counter()
            if left <= 0 or self.closed:
                tail = self.text[-1500:]
                raise TimeoutError(f"{wanted!r} not shown within {timeout} s; last:\n{tail}")
            self._new.clear()
            try:
                await asyncio.wait_for(self._new.wait(), left)
            except TimeoutError:
                pass

    async def send(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_str(json.dumps(["stdin", key]))

    async def key_roundtrip(self, key: str, timeout: float = 10.0) -> float:
        """Seconds from sending ``key`` to the first output frame after it."""
        count = len(self.frames)
        sent = time.perf_counter()
        await self.send(key)
        deadline = sent + timeout
        while len(self.frames) == count:
            left = deadline - time.perf_counter()
            if left <= 0 or self.closed:
                raise TimeoutError(f"no screen after {key!r} within {timeout} s")
            self._new.clear()
            try:
                await asyncio.wait_for(self._new.wait(), left)
            except TimeoutError:
                pass
        return self.frames[count] - sent

    async def close(self) -> None:
        await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
