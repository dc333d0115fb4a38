"""The web pages under load: N learners at once over HTTP, as browsers without script.

The server (`medborger serve`, optionally ``--workers W``) runs on sample data in a
temporary folder: holds of 30, every learner made beforehand with the demo PIN. Each
simulated learner starts at a random moment in the first ``--ramp`` seconds, signs in
(hold code, name, PIN, as a browser does: every page fetched, every form sent with its
CSRF token), then reads and answers: it follows »Fortsæt«, turns lesson pages, starts
quizzes and answers their questions (some right, some wrong), plays scenarios, with a
think time of 5–15 s between pages, until ``--duration`` seconds have passed.

Measured: every request's time from sending to the whole body read (redirects are
requests of their own), p50 and p95; errors (a status of 400 or more, or a request that
failed); the resident memory (VmRSS) of the server and its workers, highest seen; and the
mean size of an HTML page.

    uv run python bench/web.py [--learners 1000] [--duration 300] [--ramp 120] [--workers 1]

Bars (issue 19, a 2-core machine): N = 1,000, p95 ≤ 100 ms, 0 errors, ≤ 300 MiB in all.
The last line is `web learners N requests R p50 X ms p95 Y ms memory M MiB`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.reports.demo import DEMO_PIN, _one_pin_hash
from progress import Store
from progress.holds import HoldBook
from tests.web.session_client import descendants, free_port, rss_bytes

MIB = 1024 * 1024
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BUTTON = re.compile(r'<a class="button" href="([^"]+)"')  # the way on, never »Forrige side«


def make_data(data: Path, learners: int, seed: int) -> list[tuple[str, str]]:
    """Holds of 30 and ``learners`` learners with the demo PIN; (hold code, name) each."""
    rng = random.Random(seed)
    store, book = Store(data), HoldBook(data)
    tracks = ["skole", "medarbejder", "frivillig"]
    people = []
    holds = [book.create_hold(f"Hold {n + 1}", tracks[n % 3]) for n in range(-(-learners // 30))]
    with _one_pin_hash(DEMO_PIN):
        for n in range(learners):
            hold = holds[n // 30]
            name = f"Deltager {n + 1:04d}"
            learner = store.create_learner(name, hold.track, hold.id)
            store.record(learner).set_pin(DEMO_PIN)
            people.append((hold.code, name))
    rng.shuffle(people)
    return people


class Stats:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.errors: list[str] = []
        self.page_bytes: list[int] = []
        self.by_kind: dict[str, list[float]] = {}


class Learner:
    def __init__(self, base: str, code: str, name: str, stats: Stats, rng: random.Random,
                 think: tuple[float, float]) -> None:
        self.base, self.code, self.name, self.stats, self.rng = base, code, name, stats, rng
        self.think = think
        # A class shares its school's address; 1,000 learners from one address would be
        # stopped by the per-address limit on wrong hold codes (progress.guard), as they
        # should. The server trusts X-Forwarded-For from loopback (a local proxy).
        self.address = f"10.{len(code) % 200}.{sum(map(ord, code)) % 250}.{len(name) % 250 + 1}"
        self.page = ""
        self.url = "/"

    async def request(self, session, method: str, path: str, data=None) -> str:
        """One request (no redirect followed), timed; then its redirect, if any."""
        for _ in range(5):
            start = time.perf_counter()
            try:
                async with session.request(method, self.base + path, data=data,
                                           allow_redirects=False) as response:
                    body = await response.read()
                    status = response.status
                    location = response.headers.get("Location")
                    kind = response.headers.get("Content-Type", "")
            except Exception as exc:  # noqa: BLE001 - every failure is an error to count
                self.stats.errors.append(f"{method} {path}: {exc!r}")
                return ""
            took = time.perf_counter() - start
            self.stats.times.append(took)
            kind_of = method + " " + re.sub(r"/[0-9a-f]{16,}|/\d+", "/…", path.split("?")[0])
            kind_of = re.sub(r"/modul/[^/]+", "/modul/…", kind_of)
            kind_of = re.sub(r"/(scenarie|svar|ordliste)/[^/]+", r"/\1/…", kind_of)
            self.stats.by_kind.setdefault(kind_of, []).append(took)
            if status >= 400:
                self.stats.errors.append(f"{method} {path}: {status}")
                return ""
            if status in (301, 302, 303) and location:
                method, path, data = "GET", location, None
                continue
            text = body.decode("utf-8", "replace")
            if kind.startswith("text/html"):
                self.stats.page_bytes.append(len(body))
                self.page, self.url = text, path
            return text
        return ""

    def form(self, fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
        token = CSRF.search(self.page)
        return fields + [("csrf", unescape(token.group(1)) if token else "")]

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.think))

    async def sign_in(self, session) -> bool:
        await self.request(session, "GET", "/")
        await self.pause()
        await self.request(session, "POST", "/log-ind/kode", self.form([("kode", self.code)]))
        found = re.search(r'value="([0-9a-f]{16})"><label for="deltager-\d+">'
                          + re.escape(self.name) + "<", self.page)
        if not found:
            self.stats.errors.append(f"{self.name}: not on the hold's page")
            return False
        await self.pause()
        await self.request(session, "POST", "/log-ind/navn",
                           self.form([("deltager", found.group(1))]))
        await self.pause()
        await self.request(session, "POST", "/log-ind/pinkode",
                           self.form([("pinkode", DEMO_PIN)]))
        return self.url == "/oversigt"

    def answer(self) -> list[tuple[str, str]]:
        page, rng = self.page, self.rng
        fields = [(name, unescape(value)) for name, value in re.findall(
            r'<input type="hidden" name="(forsoeg|spoergsmaal|tilbage)" value="([^"]*)"', page)]
        radios = re.findall(r'type="radio" name="svar" id="[^"]+" value="([^"]+)"', page)
        boxes = re.findall(r'type="checkbox" name="svar" id="[^"]+" value="([^"]+)"', page)
        pairs = re.findall(r'<select id="(par-\d+)"', page)
        places = re.findall(r'<select id="(plads-\d+)"', page)
        if radios:
            fields.append(("svar", rng.choice(radios)))
        elif boxes:
            fields += [("svar", b) for b in boxes if rng.random() < 0.5]
        elif pairs:
            fields += [(p, str(rng.randrange(len(pairs)))) for p in pairs]
        elif places:
            order = list(range(1, len(places) + 1))
            rng.shuffle(order)
            fields += [(p, str(n)) for p, n in zip(places, order)]
        else:
            fields.append(("svar", rng.choice(["medborgerskab", "inklusion", "fællesskab"])))
        return self.form(fields)

    async def step(self, session) -> None:
        """One page view's worth of work, chosen from what the page shows."""
        page = self.page
        action = re.search(r'<form class="stack" method="post" action="([^"]+/quiz/svar)"', page)
        if action:
            await self.request(session, "POST", action.group(1), self.answer())
            return
        if 'name="knude"' in page:
            base = re.search(r'action="([^"]+/valg)"', page).group(1)
            hidden = re.findall(r'<input type="hidden" name="(spil|knude)" value="([^"]*)"', page)
            count = len(re.findall(r'name="valg" id=', page))
            await self.request(session, "POST", base, self.form(
                hidden + [("valg", str(self.rng.randint(1, max(1, count))))]))
            return
        start = re.search(r'action="(/modul/[^"]+/quiz/start)"', page)
        if start and "Start quizzen" in page:
            await self.request(session, "POST", start.group(1), self.form([]))
            return
        if "Slutning:" in page or "resultat" in self.url:
            await self.request(session, "GET", "/oversigt")
            return
        button = BUTTON.search(page.split('<main', 1)[-1])
        if button and self.url != "/oversigt":
            await self.request(session, "GET", unescape(button.group(1)))
            return
        await self.request(session, "GET", "/fortsaet")

    async def run(self, start_at: float, stop_at: float) -> None:
        import aiohttp

        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=60),
                                         headers={"Origin": self.base,
                                                  "X-Forwarded-For": self.address}) as session:
            if not await self.sign_in(session):
                self.stats.errors.append(f"{self.name}: sign-in did not reach the map")
                return
            while time.monotonic() < stop_at:
                await self.pause()
                if time.monotonic() >= stop_at:
                    break
                await self.step(session)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and every process under it, from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for one in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def server_memory(pid: int) -> int:
    return sum(rss_bytes(p) for p in [pid, *descendants(pid)])


async def main_async(args) -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    data = folder / "data"
    made = time.monotonic()
    people = make_data(data, args.learners, args.seed)
    print(f"data: {args.learners} learners in {time.monotonic() - made:.0f} s", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "import sys; from course.cli import main; sys.exit(main())",
               "serve", "--port", str(port), "--data", str(data)]
    if args.workers > 1:
        command += ["--workers", str(args.workers)]
    log = open(folder / "serve.log", "wb")
    times_base = folder / "page-times"
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1",
                                   "MEDBORGER_PAGE_TIMES": str(times_base)})
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start: " + (folder / "serve.log").read_text())
        time.sleep(1.0 if args.workers > 1 else 0.2)  # every worker listening
        idle = server_memory(server.pid)
        cpu_before = cpu_seconds(server.pid)
        stats = Stats()
        rng = random.Random(args.seed)
        now = time.monotonic()
        stop_at = now + args.duration
        learners = [Learner(base, code, name, stats, random.Random(rng.random()),
                            (args.think_min, args.think_max)) for code, name in people]
        peak = [idle]

        async def sample() -> None:
            while time.monotonic() < stop_at:
                peak[0] = max(peak[0], server_memory(server.pid))
                await asyncio.sleep(2)

        sampler = asyncio.create_task(sample())
        await asyncio.gather(*(learner.run(now + rng.uniform(0, args.ramp), stop_at)
                               for learner in learners))
        await sampler
        peak[0] = max(peak[0], server_memory(server.pid))
        cpu = cpu_seconds(server.pid) - cpu_before
        load = os.getloadavg()[0]
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        log.close()
    server_times = sorted(float(t) for f in folder.glob("page-times.*")
                          for t in f.read_text().split() if t)
    times = sorted(stats.times)
    if not times:
        print("no requests were answered")
        return 1
    p50 = statistics.median(times) * 1000
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))] * 1000
    page = statistics.mean(stats.page_bytes) if stats.page_bytes else 0
    print(f"learners: {args.learners}  workers: {args.workers}  duration: {args.duration:.0f} s "
          f"(ramp {args.ramp:.0f} s, think {args.think_min:g}–{args.think_max:g} s)")
    print(f"requests: {len(times)}  ({len(times) / args.duration:.0f} per second)")
    print(f"latency: p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 "
          f"{times[int(len(times) * 0.99)] * 1000:.1f} ms  max {times[-1] * 1000:.0f} ms")
    if server_times:
        print(f"in the server (handler only, no network, no client): p50 "
              f"{statistics.median(server_times) * 1000:.1f} ms  p95 "
              f"{server_times[int(len(server_times) * 0.95)] * 1000:.1f} ms")
    print(f"errors: {len(stats.errors)}" + (f"  (first: {stats.errors[:5]})" if stats.errors else ""))
    print(f"server memory: idle {idle / MIB:.0f} MiB, highest under load {peak[0] / MIB:.0f} MiB")
    print(f"server CPU: {cpu:.1f} s, {1000 * cpu / len(times):.2f} ms per request "
          f"(load average at the end {load:.1f} on {os.cpu_count()} cores)")
    print(f"bytes per page: {page / 1024:.1f} KiB (mean of {len(stats.page_bytes)} HTML pages)")
    if args.breakdown:
        for kind_of, values in sorted(stats.by_kind.items(), key=lambda kv: -sum(kv[1])):
            values.sort()
            print(f"  {kind_of:45} n={len(values):6}  p50 {statistics.median(values) * 1000:7.1f} "
                  f"p95 {values[int(len(values) * 0.95)] * 1000:7.1f} ms")
    print(f"web learners {args.learners} requests {len(times)} p50 {p50:.0f} ms "
          f"p95 {p95:.0f} ms memory {peak[0] / MIB:.0f} MiB")
    return 0 if not stats.errors else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds (default 300)")
    parser.add_argument("--ramp", type=float, default=120.0,
                        help="seconds over which the learners arrive (default 120)")
    parser.add_argument("--think-min", type=float, default=5.0)
    parser.add_argument("--think-max", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--breakdown", action="store_true",
                        help="latency by kind of request")
    args = parser.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
