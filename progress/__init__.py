"""Learner progress, kept in TinyDB files in the user's data directory. No UI here."""

from .storage import DamagedFileError
from .store import (
    DamagedRecordError,
    InvalidName,
    Learner,
    Position,
    Record,
    Store,
    default_data_dir,
)

__all__ = [
    "DamagedFileError",
    "DamagedRecordError",
    "InvalidName",
    "Learner",
    "Position",
    "Record",
    "Store",
    "default_data_dir",
]
