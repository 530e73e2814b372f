"""features / practitioners."""
