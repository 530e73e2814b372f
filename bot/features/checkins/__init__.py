"""Check-ins by text: plans, answers, requests, the due check-in job, the CLI and the trend chart."""
