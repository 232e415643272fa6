"""The hidden `client_id` field of an action dialog's form, made in the browser
when the dialog opens (`client_id.jsx`): one id per opened form, so the server
acts once per form however many times it is submitted, and opening a dialog
needs no server round trip. It also carries the form's "connection lost:
not sent" notice, and (given `answered`) the "sending" mark that makes the
submit button unclickable until the server answers."""

from __future__ import annotations

import reflex as rx

from sety_dashboard.ui.components.react_files import react_module


class ClientId(rx.Component):
    library = react_module("client_id.jsx")
    tag = "ClientId"

    name: rx.Var[str]
    # The server's count of answered submissions of this form's kind.
    answered: rx.Var[int]


def client_id_field(answered: rx.Var[int] | None = None) -> rx.Component:
    if answered is None:
        return ClientId.create(name="client_id")
    return ClientId.create(name="client_id", answered=answered)
