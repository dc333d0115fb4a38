"""Time stamps in certificates and the status list: UTC to the second, with a Z.

Its own module so that :mod:`.credential` and :mod:`.status` can both use it without
importing each other (the credential embeds a status entry; the status list stamps its
register).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def utc_stamp(moment: datetime) -> str:
    """UTC ISO 8601 to the second with a Z (``2026-11-26T09:30:00Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(value: Any) -> datetime | None:
    """A dateTime with a time zone as an aware datetime; None when it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def add_years(moment: datetime, years: int) -> datetime:
    """The same day and time ``years`` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)
