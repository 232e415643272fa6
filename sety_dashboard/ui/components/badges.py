"""Small labels: severity, status, category icon, drill."""

from __future__ import annotations

import reflex as rx

SEVERITY_COLORS = {"critical": "red", "high": "orange", "medium": "amber", "low": "gray"}
STATUS_COLORS = {"created": "red", "acknowledged": "amber", "dispatched": "blue",
                 "on_scene": "cyan", "resolved": "green", "cancelled": "gray"}
STATUS_LABELS = {"created": "New", "acknowledged": "Acknowledged", "dispatched": "Dispatched",
                 "on_scene": "On scene", "resolved": "Resolved", "cancelled": "Cancelled"}
CATEGORY_ICONS = {"sos": "siren", "medical": "heart-pulse", "fire": "flame",
                  "security": "shield-alert", "harassment": "hand", "accident": "car-front",
                  "suspicious_activity": "eye", "other": "circle-help"}
CATEGORY_LABELS = {"sos": "SOS", "medical": "Medical", "fire": "Fire", "security": "Security",
                   "harassment": "Harassment", "accident": "Accident",
                   "suspicious_activity": "Suspicious activity", "other": "Other"}


def severity_badge(severity: rx.Var[str] | str) -> rx.Component:
    return rx.match(
        severity,
        *[(s, rx.badge(s.upper(), color_scheme=c, variant="solid" if s == "critical" else "soft",
                       size="1")) for s, c in SEVERITY_COLORS.items()],
        rx.badge(severity, size="1"),
    )


def status_badge(status: rx.Var[str] | str) -> rx.Component:
    return rx.match(
        status,
        *[(s, rx.badge(STATUS_LABELS[s], color_scheme=c, variant="soft", size="1"))
          for s, c in STATUS_COLORS.items()],
        rx.badge(status, size="1"),
    )


def category_icon(category: rx.Var[str] | str) -> rx.Component:
    return rx.match(
        category,
        *[(c, rx.tooltip(rx.icon(icon, size=18), content=CATEGORY_LABELS[c]))
          for c, icon in CATEGORY_ICONS.items()],
        rx.icon("circle-help", size=18),
    )


def drill_badge() -> rx.Component:
    return rx.badge("DRILL", color_scheme="violet", variant="outline", size="1")
