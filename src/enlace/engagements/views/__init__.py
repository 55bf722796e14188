"""Engagement pages: the list and calendar, the record pages, its parts, follow-ups, timelines."""
