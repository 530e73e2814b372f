"""Channels: one seam (InboundMessage in, OutboundChannel.send_text out), thin adapters per provider."""
