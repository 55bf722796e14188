"""Enlace: plan, run and prove institutional collaboration against modern slavery."""
