"""Period labels, the one vocabulary of targets, reported values and actuals: "2025" (a year),
"2025-Q2" (a quarter), "2025-05" (a month) and "programme" (the whole programme). Pure: no
database, so the services, the measures and the API all read a label the same way."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PROGRAMME = "programme"
GRANULARITIES = (MONTH, QUARTER, YEAR)

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Beyond these a label is a typing error, not a plan.
MIN_YEAR, MAX_YEAR = 1900, 2200


@dataclass(frozen=True)
class Period:
    """A parsed label: its granularity and first and last day (None for "programme")."""

    label: str
    granularity: str
    start: dt.date | None
    end: dt.date | None

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether any day of the period falls in [start, end]; "programme" always does."""
        if self.start is None or self.end is None:
            return True
        return self.start <= end and start <= self.end


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def parse_period(label: object) -> Period:
    """The Period of a label; ValueError (with a message for people) when it is not one."""
    text = str(label or "").strip()
    if text == PROGRAMME:
        return Period(PROGRAMME, PROGRAMME, None, None)
    for pattern, granularity in ((_YEAR, YEAR), (_QUARTER, QUARTER), (_MONTH, MONTH)):
        match = pattern.match(text)
        if match is None:
            continue
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            break
        if granularity == YEAR:
            return Period(text, YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if granularity == QUARTER:
            first = (int(match.group(2)) - 1) * 3 + 1
            return Period(text, QUARTER, dt.date(year, first, 1), _month_end(year, first + 2))
        month = int(match.group(2))
        return Period(text, MONTH, dt.date(year, month, 1), _month_end(year, month))
    raise ValueError(text)


def is_period(label: object) -> bool:
    try:
        parse_period(label)
    except ValueError:
        return False
    return True


def period_label(day: dt.date, granularity: str) -> str:
    """The label of the period that holds `day`, at a granularity ("programme" stays so)."""
    if granularity == YEAR:
        return f"{day.year:04d}"
    if granularity == QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == PROGRAMME:
        return PROGRAMME
    raise ValueError(granularity)


def period_start(day: dt.date, granularity: str) -> dt.date:
    """The first day of the period that holds `day`."""
    if granularity == YEAR:
        return dt.date(day.year, 1, 1)
    if granularity == QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if granularity == MONTH:
        return dt.date(day.year, day.month, 1)
    raise ValueError(granularity)


def periods_between(start: dt.date, end: dt.date, granularity: str) -> list[str]:
    """The labels of every period that overlaps [start, end], in order ([] when end < start);
    ["programme"] for the whole range."""
    if end < start:
        return []
    if granularity == PROGRAMME:
        return [PROGRAMME]
    labels: list[str] = []
    day = period_start(start, granularity)
    while day <= end:
        labels.append(period_label(day, granularity))
        step = {MONTH: 1, QUARTER: 3, YEAR: 12}[granularity]
        month = day.month - 1 + step
        day = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return labels
