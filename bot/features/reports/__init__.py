"""Reports for the team and commissioners: figures for a period, suppression, charts, CSV, PDF."""
