"""features / data_protection."""
