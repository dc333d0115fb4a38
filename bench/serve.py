"""`medborger serve` under a class: N browser tabs at once through textual-serve's websocket.

The server runs on sample data (``course.reports.demo.fill``: holds, teachers, learners with
histories) in a temporary folder. N sessions connect at the same moment, as a class does
when the teacher says "go": each opens the websocket the page opens
(``/terminal/ws?width=80&height=24``), types its hold's code, picks its name in the hold (every
other session) or makes a new one, types the PIN (chooses it twice when new), opens the
first module's quiz and answers questions, with a short pause between keys as a pupil
has.

Measured:

- key to screen: from sending a key (a quiz answer, Enter for the next question, ↓ ↑ on
  the course map) to the first output frame after it, median and p90;
- connect to first screen: from opening the websocket to the hold-code screen shown;
- memory: the resident memory (VmRSS, from /proc) of the server and every process under
  it (each tab is a shell and a Python process) with all N sessions signed in, minus the
  server alone before any tab; per session is that difference over N. PSS (shared pages
  split between the processes that share them) is printed too.

    uv run python bench/serve.py [--sessions 30] [--answers 6] [--think 1.0]
    uv run python bench/serve.py --full [--max-sessions N]

With --full: a server filled with idle tabs up to its limit (by default the one
`medborger serve` sizes from the machine's memory), its memory, the Danish refusal of
one tab more; then 20 tabs that each send an empty keystroke and a key and close, and
the time until all their processes are gone (issue 20).

Bars (issue 10, a 2-core machine): N = 30, median ≤ 150 ms, ≤ 60 MiB per session. The last
line is `serve sessions N roundtrip median X ms memory per session M MiB`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.content import default_content_dir, load_course_cached  # noqa: E402
from course.content.model import TextAnswer  # noqa: E402
from course.reports.demo import DEMO_PIN, fill  # noqa: E402
from progress import Store  # noqa: E402
from progress.holds import HoldBook  # noqa: E402
from tests.web.session_client import (  # noqa: E402
    ENTER,
    Server,
    Tab,
    answer_keys,
    current_question,
    open_attempt,
    rss_bytes,
)

MIB = 1024 * 1024
DOWN, UP, BACKTAB = "\x1b[B", "\x1b[A", "\x1b[Z"


def attempt_by_id(path: Path, attempt_id: str) -> dict | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return next((row for row in (data.get("attempts") or {}).values()
                 if row.get("id") == attempt_id), None)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def memory(server: Server) -> tuple[int, int, int]:
    """(RSS, PSS, number of processes) of the server and everything under it."""
    pids = server.pids()
    return sum(rss_bytes(p) for p in pids), sum(pss_bytes(p) for p in pids), len(pids)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Pupil:
    def __init__(self, number: int, server: Server, course, hold, existing: str | None,
                 args) -> None:
        self.number = number
        self.server = server
        self.course = course
        self.hold = hold
        self.existing = existing  # a name already in the hold, or None: make a new one
        self.name = existing or f"Elev {number:02d} Bench"
        self.args = args
        self.rng = random.Random(number)
        self.roundtrips: list[float] = []
        self.first_screen: float | None = None
        self.signed_in_at: float | None = None
        self.answered = 0
        self.retyped = 0
        self.error: str | None = None

    async def pause(self) -> None:
        await asyncio.sleep(self.args.think * self.rng.uniform(0.5, 1.5))

    async def measured(self, tab: Tab, key: str) -> None:
        self.roundtrips.append(await tab.key_roundtrip(key))

    async def run(self, session, everyone: asyncio.Event,
                  count: list[int]) -> None:
        try:
            await self._run(session, everyone, count)
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"[:600]
            if self.signed_in_at is None:  # counted as done, so the others are not held up
                count[0] += 1
                if count[0] >= self.args.sessions:
                    everyone.set()

    async def _run(self, session, everyone, count) -> None:
        tab = await Tab(self.server.url).open(session)
        try:
            await tab.wait_for("Skriv dit holds kode", timeout=120)
            self.first_screen = time.perf_counter() - tab.connected_at
            await self.pause()
            await tab.send(self.hold.code, ENTER)
            await tab.wait_for(f"Hold: {self.hold.name}", timeout=60)
            await self.pause()
            mark = tab.mark()
            if self.existing:
                names = [l.name for l in Store(self.server.data).learners_in(self.hold.id)]
                await tab.send(*([DOWN] * names.index(self.existing)), ENTER)
                await tab.wait_for("Pinkode for", mark, timeout=60)
                await self.pause()
                mark = tab.mark()
                await tab.send(DEMO_PIN, ENTER)
            else:
                # One dialog: name, PIN, PIN again (the learner is made with the PIN).
                await tab.send("n")
                await tab.wait_for("Vælg en pinkode", mark, timeout=60)
                await self.pause()
                await tab.send(self.name, ENTER)
                for attempt in range(3):
                    await asyncio.sleep(0.5 * (attempt + 1))  # the focus moves on
                    await tab.send(DEMO_PIN, ENTER)
                    await asyncio.sleep(0.5 * (attempt + 1))
                    mark = tab.mark()
                    await tab.send(DEMO_PIN, ENTER)
                    try:
                        await tab.wait_for("Fortsæt", mark, timeout=20)
                        break
                    except TimeoutError:
                        # Typed before the focus had moved: the fields are emptied with a
                        # message; back to the first PIN field and type both again.
                        if attempt == 2:
                            raise
                        self.retyped += 1
                        await tab.send(BACKTAB, "\x15")
                        await asyncio.sleep(0.3)
            await tab.wait_for("Fortsæt", mark, timeout=60)
            self.signed_in_at = time.perf_counter()
            count[0] += 1
            if count[0] >= self.args.sessions:
                everyone.set()
            await everyone.wait()  # the whole class is in: now measure

            # The course map: a few moves, then the first module and its quiz.
            for key in (DOWN, UP, DOWN, UP):
                await self.pause()
                await self.measured(tab, key)
            mark = tab.mark()
            await tab.send(ENTER)
            await tab.wait_for("sider læst", mark, timeout=30)
            await self.pause()
            mark = tab.mark()
            await tab.send("q")
            await tab.wait_for("spørgsmål", mark, timeout=30)
            learner = Store(self.server.data).find(self.name)
            path = Store(self.server.data).record_path(learner.id)
            # The map highlights where the learner is, so the module is read from the
            # attempt the quiz screen saved.
            first = await self._attempt(path, None, 0)
            module = first["module"]
            questions = {q.id: q for q in self.course.questions_for(module, self.hold.track)}
            attempt_id = first["id"]
            for _ in range(self.args.answers):
                attempt = await self._attempt(path, attempt_id, self.answered)
                if attempt.get("finished"):
                    break
                # The question on screen, so the keys reach its answer field.
                await tab.wait_for(f"spørgsmål {self.answered + 1} af", mark, timeout=30)
                await asyncio.sleep(0.05)
                question = questions[current_question(attempt)]
                text = isinstance(question, TextAnswer)  # a blinking cursor: not measured
                keys = answer_keys(question)
                for key in keys:
                    await self.pause()
                    if len(key) > 1 or text:
                        await tab.send(key)
                    else:
                        await self.measured(tab, key)
                try:
                    await self._attempt(path, attempt_id, self.answered + 1, timeout=5)
                except TimeoutError:
                    # Keys that arrived while the question was still being put on the
                    # screen went to no field: type the answer again.
                    self.retyped += 1
                    await tab.send(*keys)
                    await self._attempt(path, attempt_id, self.answered + 1)
                self.answered += 1
                await self.pause()
                mark = tab.mark()
                await self.measured(tab, ENTER)  # the next question
        finally:
            await tab.close()

    async def _attempt(self, path: Path, which: str | None, answers: int,
                       timeout: float = 30.0) -> dict:
        """The attempt (``which``: its id; None: the open one) once it has ``answers``
        answers on disk."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if which is None:
                attempt = open_attempt(path)
            else:
                attempt = attempt_by_id(path, which)
            if attempt is not None and len(attempt.get("answers") or []) >= answers:
                return attempt
            await asyncio.sleep(0.05)
        raise TimeoutError(f"{self.name}: answer {answers} was not saved within {timeout} s")


async def run_class(server: Server, course, args):
    import aiohttp

    book = HoldBook(server.data)
    holds = book.holds()
    store = Store(server.data)
    pupils = []
    for n in range(args.sessions):
        hold = holds[n % len(holds)]
        names = [l.name for l in store.learners_in(hold.id)]
        existing = names[(n // len(holds)) % len(names)] if n % 2 == 0 and names else None
        if existing in {p.existing for p in pupils}:
            existing = None
        pupils.append(Pupil(n + 1, server, course, hold, existing, args))

    everyone = asyncio.Event()
    count = [0]
    peak = (0, 0, 0)
    timeout = aiohttp.ClientTimeout(total=None)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        tasks = [asyncio.create_task(p.run(session, everyone, count)) for p in pupils]
        await everyone.wait()
        # Every tab is signed in and answering: sample the memory a few times, and the
        # CPU the server and the tabs use meanwhile.
        server_pid = server.process.pid
        tabs = [pid for pid in server.pids() if pid != server_pid]
        cpu_start = (cpu_seconds(server_pid), sum(cpu_seconds(p) for p in tabs),
                     time.perf_counter())
        for _ in range(6):
            sample = memory(server)
            if sample[0] > peak[0]:
                peak = sample
            await asyncio.sleep(1)
        elapsed = time.perf_counter() - cpu_start[2]
        cpu = ((cpu_seconds(server_pid) - cpu_start[0]) / elapsed,
               (sum(cpu_seconds(p) for p in tabs) - cpu_start[1]) / elapsed)
        await asyncio.gather(*tasks)
    return pupils, peak, cpu


async def fill_server(server: Server, limit: int) -> tuple[int, int, int, int, str]:
    """Open tabs (idle, at the hold-code screen, as a class waiting for its code) until
    the server refuses one; the memory with all of them, and the refusal's text."""
    import aiohttp

    tabs: list[Tab] = []
    refused = ""
    # No cap on the client's connections (aiohttp's default of 100 would make tab 101 wait
    # for ever, client-side).
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None),
                                     connector=aiohttp.TCPConnector(limit=0)) as session:
        try:
            while len(tabs) <= limit:
                tab = await Tab(server.url).open(session)
                try:
                    await tab.wait_for("Skriv dit holds kode", timeout=180)
                except TimeoutError:
                    refused = tab.text.strip()
                    break
                tabs.append(tab)
                if len(tabs) % 20 == 0:
                    print(f"  {len(tabs)} tabs open", flush=True)
            await asyncio.sleep(2)
            rss, pss, processes = memory(server)
        finally:
            await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
    return len(tabs), rss, pss, processes, refused


async def abandon(server: Server, count: int) -> float:
    """``count`` tabs each send an empty keystroke, then a key, then close (what left a
    process behind for good); seconds until every tab's process is gone."""
    import aiohttp

    before = set(server.pids())
    async with aiohttp.ClientSession() as session:
        tabs = [await Tab(server.url).open(session) for _ in range(count)]
        for tab in tabs:
            await tab.wait_for("Skriv dit holds kode", timeout=180)
        for tab in tabs:
            await tab.send("", "x")
        started = time.perf_counter()
        await asyncio.gather(*(t.close() for t in tabs))
    while set(server.pids()) - before:
        if time.perf_counter() - started > 120:
            return float("inf")
        await asyncio.sleep(0.05)
    return time.perf_counter() - started


def limits_main(args) -> int:
    """--full: memory of a server full at its limit, and the abandoned tabs."""
    from course.web.server import PER_TAB_BUDGET, default_max_sessions

    limit = args.max_sessions or default_max_sessions()
    print(f"limit: {limit} tabs ({'given' if args.max_sessions else 'the default'}: half of "
          f"this machine's memory in {PER_TAB_BUDGET // MIB} MiB tabs)")
    with tempfile.TemporaryDirectory(prefix="medborger-bench-serve-") as tmp:
        data = Path(tmp) / "data"
        fill(load_course_cached(args.content or default_content_dir()), data, learners=20,
             holds=1, seed=1)
        server = Server(data, content=args.content,
                        extra=["--max-sessions", str(limit),  # all from this one address:
                               "--max-sessions-per-address", str(limit)]).start()
        try:
            time.sleep(1.0)
            base_rss, base_pss, _ = memory(server)
            started = time.perf_counter()
            opened, rss, pss, processes, refused = asyncio.run(fill_server(server, limit))
            print(f"full server: {opened} tabs open in {time.perf_counter() - started:.0f} s; "
                  f"{rss / MIB:.0f} MiB RSS ({(rss - base_rss) / max(opened, 1) / MIB:.1f} MiB "
                  f"a tab), {pss / MIB:.0f} MiB PSS ({(pss - base_pss) / max(opened, 1) / MIB:.1f}"
                  f" MiB a tab) in {processes} processes")
            print(f"tab {opened + 1}: {'refused: ' + refused if refused else 'NOT refused'}")
            # The fill's tabs were closed on the way out of fill_server: wait until their
            # processes are gone before the next measurement.
            started = time.perf_counter()
            while len(server.pids()) > 1 and time.perf_counter() - started < 300:
                time.sleep(0.1)
            print(f"all {opened} tabs closed: every process gone after "
                  f"{time.perf_counter() - started:.1f} s")
            count = min(20, limit)
            seconds = asyncio.run(abandon(server, count))
            print(f"{count} abandoned tabs (empty keystroke, a key, closed): every process "
                  f"gone after {seconds:.1f} s")
        finally:
            server.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--answers", type=int, default=6, help="questions each session answers")
    parser.add_argument("--think", type=float, default=1.0,
                        help="average pause between a pupil's keys, seconds (a pupil reading "
                             "a question takes far longer; 0.4 is a stress test)")
    parser.add_argument("--content", type=Path, help="course content folder")
    parser.add_argument("--full", action="store_true",
                        help="instead: fill a server to its tab limit (memory, refusal), "
                             "then abandon 20 tabs (time until their processes are gone)")
    parser.add_argument("--max-sessions", type=int, default=None,
                        help="with --full: the limit (default: the server's own default)")
    args = parser.parse_args()
    if args.full:
        return limits_main(args)

    course = load_course_cached(args.content or default_content_dir())  # warms the cache too
    with tempfile.TemporaryDirectory(prefix="medborger-bench-serve-") as tmp:
        data = Path(tmp) / "data"
        started = time.perf_counter()
        made = fill(course, data, learners=60, holds=3, seed=1)
        print(f"sample data: {made.learners} learners on {len(made.holds)} holds, "
              f"{made.certificates} certificates, {time.perf_counter() - started:.1f} s")
        server = Server(data, content=args.content).start()
        try:
            time.sleep(1.0)
            base_rss, base_pss, _ = memory(server)
            started = time.perf_counter()
            pupils, (rss, pss, processes), cpu = asyncio.run(run_class(server, course, args))
            wall = time.perf_counter() - started
        finally:
            server.stop()

    failed = [p for p in pupils if p.error]
    for pupil in failed[:5]:
        print(f"session {pupil.number} failed: {pupil.error}")
    roundtrips = [ms * 1000 for p in pupils for ms in p.roundtrips]
    firsts = [p.first_screen * 1000 for p in pupils if p.first_screen is not None]
    if not roundtrips or not firsts:
        print("no measurements: every session failed")
        return 1
    n = args.sessions
    per_session = (rss - base_rss) / n / MIB
    print(f"sessions: {n} ({len(failed)} failed), {sum(p.answered for p in pupils)} answers, "
          f"{len(roundtrips)} keys measured, {wall:.1f} s")
    print(f"connect to first screen: median {statistics.median(firsts):.0f} ms, "
          f"p90 {percentile(firsts, 0.9):.0f} ms, max {max(firsts):.0f} ms")
    print(f"key to screen: median {statistics.median(roundtrips):.1f} ms, "
          f"p90 {percentile(roundtrips, 0.9):.1f} ms, max {max(roundtrips):.1f} ms")
    print(f"CPU while answering: server {cpu[0]:.1%} of a core, the {n} tabs {cpu[1]:.0%} "
          f"({os.cpu_count()} cores); answers typed again after a lost key: "
          f"{sum(p.retyped for p in pupils)}")
    print(f"memory: server alone {base_rss / MIB:.0f} MiB RSS; with {n} sessions "
          f"{rss / MIB:.0f} MiB RSS in {processes} processes ({pss / MIB:.0f} MiB PSS, "
          f"{(pss - base_pss) / n / MIB:.1f} MiB PSS per session)")
    print(f"serve sessions {n} roundtrip median {statistics.median(roundtrips):.1f} ms "
          f"memory per session {per_session:.1f} MiB")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
