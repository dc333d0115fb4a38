"""Start the course: `python app.py` does the same as `uv run medborger`."""

import sys

from course.cli import main

if __name__ == "__main__":
    sys.exit(main())
