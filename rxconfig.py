"""Reflex configuration. Sety's own settings are SETY_* variables (see README)."""

import os

import reflex as rx

config = rx.Config(
    app_name="sety_dashboard",
    # Several workers share dashboard state through Redis (see docs/SCALING.md);
    # unset, each process keeps its own state in memory.
    redis_url=os.environ.get("SETY_REDIS_URL") or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.sitemap.SitemapPlugin],
)
