"""features / core: the conversation every build has (menu, help, about, privacy, opt-out, LANG), the
message path's own effects, the webhooks, and the NLU, safeguarding and Telegram tools."""
