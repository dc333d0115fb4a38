"""Run `medborger` with every random choice drawn from a fixed seed, for tests.

    python tests/plain/seeded.py SEED [medborger arguments …]

Quiz draws and scenario seeds come from ``secrets.randbits``; here it is replaced by a
``random.Random(SEED)`` before the real entry point runs, so a test knows which
questions an attempt asks. Nothing else differs from `medborger`.
"""

import random
import secrets
import sys

if __name__ == "__main__":
    rng = random.Random(int(sys.argv[1]))
    secrets.randbits = rng.getrandbits  # type: ignore[assignment]
    from course.cli import main

    sys.exit(main(sys.argv[2:]))
