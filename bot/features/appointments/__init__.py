"""Appointments and their reminders: the table, service functions shared by SMS and the CLI, the reminder
sender, CSV import, the CLI and the wiring (docs/appointments.md)."""
