"""The FastAPI application: health check now; webhooks and the dashboard mount here."""
