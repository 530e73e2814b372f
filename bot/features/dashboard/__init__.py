"""features / dashboard: the practitioners' web dashboard (its pages live in ``bot/web/dashboard/``)."""
