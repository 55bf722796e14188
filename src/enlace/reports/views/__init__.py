"""Report pages: the live field visit draft (field_visit) and saved reports (reports)."""
