"""Learner progress, kept in TinyDB files in the user's data directory. No UI here."""

from course.files import DamagedFileError

from .store import (
    EMPTY_FACTS,
    DamagedRecordError,
    Facts,
    InvalidName,
    Learner,
    Position,
    Record,
    Store,
    default_data_dir,
)

__all__ = [
    "EMPTY_FACTS",
    "DamagedFileError",
    "DamagedRecordError",
    "Facts",
    "InvalidName",
    "Learner",
    "Position",
    "Record",
    "Store",
    "default_data_dir",
]
