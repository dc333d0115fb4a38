"""Ids as they must look, and paths that must stay inside the data folder.

A learner's id names their files (``learners/<id>.json``), so an id read from a file (an
index row, a record's meta, a hold field) or typed on the command line is only ever
used after :func:`valid_learner_id` (or :func:`valid_hold_id`) has accepted it. And every
path built from an id, or from anything else read from the data folder, is made with
:func:`inside`, which resolves it (following links) and refuses it unless it is still
inside the data folder. A data folder on a shared network drive is where a forged index
row (``"id": "../../evil"``) or a planted link would otherwise reach other files.

Nothing here touches the disk except to resolve links; no user interface.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from course.files import FileProblem

# Learner ids are made by Store.create_learner: os.urandom(8).hex(). Hold and account ids:
# os.urandom(6).hex(). Accept any lower-case hex of a sensible length: no separator, dot
# or glob character can get through.
LEARNER_ID = re.compile(r"[0-9a-f]{8,32}")
HOLD_ID = re.compile(r"[0-9a-f]{6,32}")


def valid_learner_id(value: Any) -> bool:
    return isinstance(value, str) and LEARNER_ID.fullmatch(value) is not None


def valid_hold_id(value: Any) -> bool:
    return isinstance(value, str) and HOLD_ID.fullmatch(value) is not None


class OutsideDataFolder(FileProblem):
    """A path that would lead out of the data folder: an OSError with a Danish reason, so
    every place that already tells a person about a file it cannot use tells this too."""

    def __init__(self, path: Path, root: Path) -> None:
        super().__init__(path, None, "bruges",
                         reason=f"stien fører uden for datamappen {root}")
        self.root = root


class BadId(ValueError):
    """An id that does not have the form ids have; the message is Danish."""

    def __init__(self, value: object, what: str = "deltager-id") -> None:
        self.value = value
        shown = repr(value)[:40]
        super().__init__(f"{shown} er ikke et gyldigt {what}.")


def learner_file(root: str | Path, learner_id: object, suffix: str = ".json") -> Path:
    """``<root>/learners/<id><suffix>``: the id checked, the path kept inside ``root``.

    Reports read 2,000 of these at a time, so the common case is cheap: a checked id
    holds no separator or dot, so when neither ``learners`` nor the file is a link (or a
    Windows junction), the path is inside; only then is it resolved in full.
    """
    if not valid_learner_id(learner_id) or not _SUFFIX.fullmatch(suffix):
        raise BadId(learner_id)
    folder = Path(root) / "learners"
    path = folder / f"{learner_id}{suffix}"
    if _is_link(folder) or _is_link(path):
        return inside(root, "learners", path.name)
    return path


_SUFFIX = re.compile(r"(\.[a-z]+){1,3}")
_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)


def _is_link(path: Path) -> bool:
    """Whether ``path`` is a link or a junction (True also when that cannot be told)."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # the careful way: resolve it in full
    return stat.S_ISLNK(info.st_mode) or bool(
        getattr(info, "st_file_attributes", 0) & _REPARSE_POINT)


def inside(root: str | Path, *parts: str | Path) -> Path:
    """``root / parts``, refused (OutsideDataFolder) unless it resolves inside ``root``.

    The returned path is the unresolved one (so messages and file names stay as the
    user knows them); only the check follows links. ``parts`` may also be a whole path
    read from a record (a certificate file), absolute or not.
    """
    root = Path(root)
    path = root.joinpath(*parts)
    try:
        real_root = root.resolve()
        real = path.resolve()
    except RuntimeError:  # a link loop (Python 3.11; later versions raise OSError)
        raise FileProblem(path, None, "bruges",
                          reason="en genvej (link) i stien peger i ring") from None
    except OSError as exc:
        raise FileProblem(path, exc, "bruges") from exc
    if real != real_root and real_root not in real.parents:
        raise OutsideDataFolder(path, root)
    return path


def is_inside(root: str | Path, *parts: str | Path) -> bool:
    try:
        inside(root, *parts)
    except OSError:
        return False
    return True
