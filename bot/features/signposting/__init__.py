"""features / signposting."""
