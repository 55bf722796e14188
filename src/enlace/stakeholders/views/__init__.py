"""Registry pages: one module per record type, plus the shared record pages and the trash."""
