"""Certificate verification times: a genuine certificate (each proof alone and the whole
check) and the worst hostile inputs up to the 1 MB size limit.

    uv run python bench/certificates.py [--rounds N]

Prints one line per case: the median and the worst of N rounds, in milliseconds. The
quality bar (docs/kursusbeviser.md, issue 23): any input up to the limit is answered
within 1 s on a 2-core machine. Run by hand, never inside the test suite.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.certificates import credential, proof, service  # noqa: E402
from course.certificates.keys import installation_public_key  # noqa: E402
from course.content import default_content_dir, load_course  # noqa: E402
from progress import Store  # noqa: E402
from tests.certificates.test_certificates import qualifying_learner  # noqa: E402

LIMIT = credential.MAX_BYTES


def _fill(doc: dict, path: tuple[str | int, ...], size: int) -> bytes:
    """``doc`` with the string at ``path`` grown until the file is just under the limit."""
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "z" + "1" * 10
    base = len(credential.dumps(doc).encode("utf-8"))
    target[path[-1]] = "z" + "2" * (size - base - 16)
    return credential.dumps(doc).encode("utf-8")


def hostile_inputs(doc: dict) -> dict[str, bytes]:
    """Name -> file bytes, each at most LIMIT."""
    cases: dict[str, bytes] = {}
    proofs = doc["proof"] if isinstance(doc["proof"], list) else [doc["proof"]]
    for number in range(len(proofs)):
        where = ("proof", number) if isinstance(doc["proof"], list) else ("proof",)
        for field in ("proofValue", "verificationMethod", "created"):
            cases[f"1 MB {field} (proof {number + 1})"] = _fill(
                copy.deepcopy(doc), (*where, field), LIMIT)
    bad = copy.deepcopy(doc)
    cases["1 MB issuer did:key"] = _fill(bad, ("issuer", "id"), LIMIT)
    bad = copy.deepcopy(doc)
    cases["1 MB learner name"] = _fill(bad, ("credentialSubject", "name"), LIMIT)
    bad = copy.deepcopy(doc)
    cases["1 MB status list URL"] = _fill(bad, ("credentialStatus", "statusListCredential"), LIMIT)
    # many small members: the most work per byte for a canonicaliser
    bad = copy.deepcopy(doc)
    extra: dict[str, int] = {}
    bad["credentialSubject"]["extra"] = extra
    count = 0
    while len(credential.dumps(bad)) < LIMIT - 40_000:
        for _ in range(2000):
            extra[f"k{count}"] = count
            count += 1
    cases["1 MB of small members"] = credential.dumps(bad).encode("utf-8")
    bad = copy.deepcopy(doc)
    nodes = []
    while len(json.dumps(nodes)) < LIMIT - 60_000:
        nodes.extend({"type": ["AchievementSubject"], "name": f"n{i}"} for i in range(500))
    bad["credentialSubject"]["extra"] = nodes
    cases["1 MB of nested nodes"] = credential.dumps(bad).encode("utf-8")[:LIMIT]
    cases["1 MB not JSON"] = b"{" + b"[" * (LIMIT - 1)
    cases.update(hostile_pdfs())
    return cases


def hostile_pdfs() -> dict[str, bytes]:
    """PDFs: an attachment that inflates to 50 MB, a 1 MB file of one endless array, a
    1 MB file of many small objects."""
    from fpdf import FPDF

    bomb = FPDF()
    bomb.add_page()
    bomb.embed_file(bytes=b"{" + b" " * 50_000_000 + b"}", basename="kursusbevis.json",
                    compress=True)
    cases = {"PDF attachment inflating to 50 MB": bytes(bomb.output())}
    array = b"%PDF-1.7\n1 0 obj\n<< /Names [" + b"1 " * (LIMIT // 2 - 100) + b"] >>\nendobj\n"
    cases["1 MB PDF of one array"] = array[:LIMIT]
    objects = b"%PDF-1.7\n" + b"".join(
        b"%d 0 obj << /Type /EmbeddedFile /L %d >> endobj\n" % (n, n) for n in range(1, 30_000))
    cases["1 MB PDF of small objects"] = objects[:LIMIT]
    return cases


def timed(function, rounds: int) -> tuple[float, float]:
    """Median and worst of ``rounds`` calls, after one call not counted (imports of
    pyld and pypdf happen once per process, as in a running server)."""
    function()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    course = load_course(default_content_dir())
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "data")
        learner = qualifying_learner(course, store, track="medarbejder")
        issued = service.issue(course, store, learner, Path(folder) / "out")
        key = installation_public_key(store.root)
        doc = issued.doc
        print(f"certificate: {len(credential.dumps(doc).encode())} bytes, "
              f"{args.rounds} rounds, milliseconds (median / worst)")
        for name, check in proof.verifiers(doc).items():
            median, worst = timed(check, args.rounds)
            print(f"  {name:<34} {median:8.1f} {worst:8.1f}")
        median, worst = timed(lambda: service.verify_document(doc, key, store.root), args.rounds)
        print(f"  {'whole check (both proofs, status)':<34} {median:8.1f} {worst:8.1f}")
        worst_case = 0.0
        for name, raw in hostile_inputs(doc).items():
            assert len(raw) <= LIMIT, (name, len(raw))

            def check(raw: bytes = raw) -> None:
                try:
                    parsed, _ = service.load_certificate(raw)
                except ValueError:
                    return
                result = service.verify_document(parsed, key, store.root)
                assert not result.valid

            median, worst = timed(check, args.rounds)
            worst_case = max(worst_case, worst)
            print(f"  {name:<34} {median:8.1f} {worst:8.1f}")
        print(f"worst hostile input: {worst_case:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
