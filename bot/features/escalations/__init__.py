"""features / escalations."""
