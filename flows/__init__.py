"""Conversations as pure functions: the flow engine, the router, each flow and the message catalogue."""
