"""Start the course: `python app.py` does the same as `uv run medborger`.

Run by a Python without the course's packages (a system Python, the wrong virtual
environment), it says in Danish how to start the course instead of showing a traceback.
This file therefore uses nothing beyond the standard library until the check has passed.
"""

import importlib.util
import sys

MINIMUM = (3, 11)
# The packages the course needs to start, by the name they are imported as.
NEEDED = ("textual", "yaml", "tinydb", "platformdirs", "filelock")


def how_to_start(missing):
    """The Danish explanation for a Python that cannot run the course."""
    if missing:
        why = "fordi " + ("pakken »%s« mangler" % missing[0] if len(missing) == 1 else
                          "pakkerne %s mangler" % ", ".join("»%s«" % m for m in missing))
    else:
        why = "fordi kurset kræver Python %d.%d eller nyere" % MINIMUM
    return (
        "Kurset kan ikke starte med denne Python (%s), %s.\n"
        "\n"
        "Start kurset fra projektets mappe med:\n"
        "\n"
        "    uv run medborger\n"
        "\n"
        "uv henter selv de pakker og den Python, kurset skal bruge. Har du ikke uv, så\n"
        "installér det først med: pip install uv (se https://docs.astral.sh/uv/).\n"
        % (sys.executable or "python", why)
    )


def missing_packages():
    if sys.version_info < MINIMUM:
        return None
    missing = []
    for name in NEEDED:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def run():
    missing = missing_packages()
    if missing is None or missing:
        sys.stderr.write(how_to_start(missing or []))
        return 1
    try:
        from course.cli import main
    except ModuleNotFoundError as exc:  # a package beyond the start-up ones is missing
        sys.stderr.write(how_to_start([exc.name or "?"]))
        return 1
    return main()


if __name__ == "__main__":
    sys.exit(run())
