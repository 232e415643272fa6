"""Which incident the board's note dialog and the assign dialog are open for
(and whether the drill dialog is open), held in the browser (React state)
rather than in the server's state.

A click (or the key that clicks the same button) sets the target in the
browser, so the dialog opens at once and names the incident from the row
the browser already shows, even while the server is slow or frozen; the
server hears of it in the same click (to load the responder list, say) and
closes the dialog after a successful action with `close(...)`.
"""

from __future__ import annotations

from typing import Any

from reflex.event import EventSpec
from reflex.experimental.client_state import ClientStateVar

# {"id": incident id, "title": what the dialog's description names}; id "" = closed.
CLOSED: dict[str, str] = {"id": "", "title": ""}

NOTE_FOR = ClientStateVar.create("sety_note_for", CLOSED)
ASSIGN_FOR = ClientStateVar.create("sety_assign_for", CLOSED)
# The supervisors' "Start drill" dialog: open or not (its form loads the
# known sites from the server once it is open).
DRILL_OPEN = ClientStateVar.create("sety_drill_open", False)


def open_for(target: ClientStateVar, incident_id: Any, title: Any) -> Any:
    """The browser-side event that opens `target`'s dialog for one incident."""
    return target.set_value({"id": incident_id, "title": title})


def close(target: ClientStateVar) -> EventSpec:
    """Returned by a server handler: close `target`'s dialog in the browser."""
    return target.push(CLOSED)


def push_open(target: ClientStateVar, incident_id: str, title: str) -> EventSpec:
    """Returned by a server handler: open `target`'s dialog (for a key that
    found no button to click on the highlighted row)."""
    return target.push({"id": incident_id, "title": title})
