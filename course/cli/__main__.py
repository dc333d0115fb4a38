"""`python -m course.cli`: the `medborger` command."""

import sys

from course.cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
