"""Webhooks: signed HTTP deliveries of the event log, at least once."""
