"""Writes of partnerships, by role: opportunities (stages, origins, deadlines, documents),
agreements (parties, obligations), exchange rates."""
