"""Partnerships pages: the opportunity board and list, an opportunity's page with its stages,
deadlines and documents, the forecast, the exchange rates, and agreements with obligations."""
