"""Reads of partnerships shared by pages and the API: opportunities, the board, the forecast,
agreements, deadlines."""
