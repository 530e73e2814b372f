"""features / schools."""
