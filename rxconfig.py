"""Reflex configuration. Sety's own settings are SETY_* variables (see README)."""

import os

import reflex as rx

from sety_dashboard.core.cors import allowed_origins

config = rx.Config(
    app_name="sety_dashboard",
    # Several workers share dashboard state through Redis (see docs/ARCHITECTURE.md, "Scaling");
    # unset, each process keeps its own state in memory.
    redis_url=os.environ.get("SETY_REDIS_URL") or None,
    telemetry_enabled=False,
    # Only the dashboard's own origin and SETY_CORS_ORIGINS (never "*" with
    # credentials); see sety_dashboard/core/cors.py.
    cors_allowed_origins=allowed_origins(),
    show_built_with_reflex=False,
    # A control room: dark unless the user picks light (kept per browser).
    # The accent (focus rings, primary buttons) is indigo: red means danger only.
    default_color_mode="dark",
    plugins=[
        rx.plugins.RadixThemesPlugin(theme=rx.theme(
            appearance="inherit", accent_color="indigo", gray_color="slate", radius="small")),
    ],
    disable_plugins=[rx.plugins.sitemap.SitemapPlugin],
)
