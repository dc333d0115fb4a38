"""A writer process for tests/progress/test_store_safety.py (not a test module).

    python store_worker.py write DATA_DIR LEARNER_ID TAG [COUNT]

Records COUNT answers (forever when COUNT is absent) into a quiz attempt of its own, one
atomic save per answer, plus a page seen per answer, and prints ``ack TAG-N`` after each
save has returned. Prints ``ready`` first. The attempt carries a note of random length,
so the file grows and shrinks between writes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from progress import Store  # noqa: E402


def main() -> None:
    _, command, data_dir, learner_id, tag, *rest = sys.argv
    assert command == "write"
    count = int(rest[0]) if rest else None
    store = Store(data_dir)
    learner = store.find(learner_id)
    record = store.record(learner)
    doc = {"id": f"attempt-{tag}", "module": "vision", "finished": None, "answers": []}
    print("ready", flush=True)
    n = 0
    rng = random.Random(tag)
    while count is None or n < count:
        answer = f"{tag}-{n}"
        doc["answers"].append({"question": answer, "response": 0, "score": 1.0})
        # The file grows and shrinks, as when a long free-text answer is replaced: an
        # in-place rewrite would then leave a half-old, half-new file.
        doc["note"] = "x" * rng.choice((0, 10, 5_000, 20_000))
        record.save_attempt(doc)
        record.mark_page_seen("vision", n % 20)
        print(f"ack {answer}", flush=True)
        n += 1


if __name__ == "__main__":
    main()
