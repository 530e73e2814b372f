"""Waymark application shell: channels, inbox/outbox, pipeline, scheduler, storage, web app, CLI."""
