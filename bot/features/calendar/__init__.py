"""The team's calendar in the shell: school term dates (table, CSV import) and calendar answers."""
