"""The `waymark` command line."""
