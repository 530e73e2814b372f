"""Call-backs: a person asks to be phoned; the team claims, calls and records what happened."""
