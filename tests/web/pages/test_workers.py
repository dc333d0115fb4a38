"""`medborger serve --workers 2`: two processes on one port and one data folder. A
browser's requests land on either; its session, its record and the counts are shared."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html import unescape

import pytest

from progress import Store
from progress.holds import HoldBook

from ..session_client import ROOT, descendants, free_port

pytestmark = pytest.mark.slow


def test_two_workers_share_sessions_and_records(tmp_path):
    data = tmp_path / "data"
    hold = HoldBook(data).create_hold("7.B", "skole")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from course.cli import main; sys.exit(main())",
         "serve", "--port", str(port), "--data", str(data), "--workers", "2"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                if len(descendants(server.pid)) >= 1:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        time.sleep(1)
        assert len(descendants(server.pid)) >= 1  # the second worker runs
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = ""

        def get(path: str) -> str:
            nonlocal page
            request = urllib.request.Request(base + path, headers={"Connection": "close"})
            with opener.open(request, timeout=20) as response:
                page = response.read().decode("utf-8")
            return page

        def post(path: str, fields: dict) -> str:
            nonlocal page
            token = unescape(re.search(r'name="csrf" value="([^"]+)"', page).group(1))
            body = urllib.parse.urlencode({**fields, "csrf": token}).encode()
            request = urllib.request.Request(base + path, data=body, headers={
                "Connection": "close", "Origin": base})
            with opener.open(request, timeout=20) as response:
                page = response.read().decode("utf-8")
            return page

        get("/")
        post("/log-ind/kode", {"kode": hold.code})
        post("/log-ind/navn", {"deltager": "ny"})
        post("/log-ind/ny", {"navn": "Wanda", "pinkode": "2468", "pinkode2": "2468"})
        assert "Du er logget ind som Wanda" in page
        for number in range(1, 12):  # many new connections: both workers serve some
            get(f"/modul/forord/side/{number % 5}")
            assert "Wanda" in page, number
        learner = Store(data).learners()[0]
        assert Store(data).record(learner).facts().pages["forord"] == {0, 1, 2, 3, 4}
    finally:
        import os
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
