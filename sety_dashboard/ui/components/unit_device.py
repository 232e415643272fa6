"""The phone's side of the responder page: the ringing/vibrating alert and
the location sharing (two small React components in unit_device.jsx)."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.react_files import react_module


class UnitAlert(rx.Component):
    """Rings (`src`) and vibrates each time `seq` goes up."""

    library = react_module("unit_device.jsx")
    tag = "UnitAlert"

    seq: rx.Var[int]
    src: rx.Var[str]


class LocationShare(rx.Component):
    """While `enabled`, reports the phone's position every `interval_ms`."""

    library = react_module("unit_device.jsx")
    tag = "LocationShare"

    enabled: rx.Var[bool]
    interval_ms: rx.Var[int]

    on_position: rx.EventHandler[lambda lat, lng, accuracy: [lat, lng, accuracy]]
    on_status: rx.EventHandler[lambda status: [status]]


unit_alert = UnitAlert.create
location_share = LocationShare.create
