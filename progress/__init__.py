"""Learner progress, kept in TinyDB files in the user's data directory. No UI here."""

from course.files import DamagedFileError

from .data_folder import default_data_dir
from .model import EMPTY_FACTS, Facts, InvalidName, Learner, Position
from .records import DamagedRecordError, Record
from .store import Store

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
