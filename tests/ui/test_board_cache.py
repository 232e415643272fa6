"""The worker's board: events applied once, idempotently, never going back in time."""

from __future__ import annotations

import asyncio

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.incidents import service
from sety_dashboard.domain.incidents.inputs import AcknowledgeRequest, ResolveRequest
from sety_dashboard.events.log import events_after
from sety_dashboard.ui.viewmodels.board_cache import BoardCache, read_open
from sety_dashboard.ui.viewmodels.board_rows import BoardFilters
from tests.factories import DISPATCHER, make_incident


def _events(after: int = 0) -> list[dict]:
    with read_session() as s:
        return events_after(s, after)


def _ids(board: BoardCache) -> list[str]:
    return [r.incident_id for r in board.rows(BoardFilters())]


def test_events_update_the_board_once_and_in_order(db, clock) -> None:
    board = BoardCache()
    asyncio.run(board.ensure())
    assert _ids(board) == []
    a = make_incident(subject={"name": "A"})
    with write_session() as s:
        service.acknowledge_incident(s, incident_id=a, request=AcknowledgeRequest(),
                                     actor=DISPATCHER)
    created, acked = _events()
    asyncio.run(board.apply(created))
    asyncio.run(board.apply(acked))
    version = board.version
    asyncio.run(board.apply(acked))  # the same event again: nothing changes
    asyncio.run(board.apply(created))  # an older one: ignored
    assert board.version == version
    assert [r.status for r in board.rows(BoardFilters())] == ["acknowledged"]

    with write_session() as s:
        service.resolve_incident(s, incident_id=a, request=ResolveRequest(
            resolution_outcome="handled"), actor=DISPATCHER)
    asyncio.run(board.apply(_events(acked["seq"])[0]))
    assert _ids(board) == []


def test_an_older_database_read_does_not_undo_newer_events(db, clock) -> None:
    board = BoardCache()
    a = make_incident(subject={"name": "A"})
    b = make_incident(subject={"name": "B"})
    stale_seq, stale_views = read_open()  # a tab's read, taken before what follows
    asyncio.run(board.ensure())
    with write_session() as s:
        service.resolve_incident(s, incident_id=a, request=ResolveRequest(
            resolution_outcome="handled"), actor=DISPATCHER)
    c = make_incident(subject={"name": "C"})
    for envelope in _events(stale_seq):
        asyncio.run(board.apply(envelope))
    assert sorted(_ids(board)) == sorted([b, c])
    board.merge(stale_seq, stale_views)  # a slow tab load lands late
    assert sorted(_ids(board)) == sorted([b, c])  # a stays resolved, c stays


def test_rows_are_computed_once_per_version_and_filters(db, clock) -> None:
    board = BoardCache()
    make_incident()
    asyncio.run(board.ensure())
    first = board.rows(BoardFilters())
    assert board.rows(BoardFilters()) is first  # 200 tabs, one sort
    assert board.rows(BoardFilters(q="nobody")) == []


def test_a_note_changes_nothing_on_the_board(db, clock) -> None:
    from sety_dashboard.domain.incidents.inputs import NoteRequest

    board = BoardCache()
    a = make_incident()
    asyncio.run(board.ensure())
    version = board.version
    with write_session() as s:
        service.add_note(s, incident_id=a, request=NoteRequest(message="called back"),
                         actor=DISPATCHER)
    asyncio.run(board.apply(_events()[-1]))
    assert board.version == version  # board tabs get no push for it


def test_arrivals_are_announced_by_event_seq_and_highlighted(db, clock) -> None:
    board = BoardCache()
    asyncio.run(board.ensure())
    assert board.announced == (0, False)
    drill = make_incident(is_drill=True, subject={"name": "Drill"})
    (created,) = _events()
    asyncio.run(board.apply(created))
    assert board.announced == (created["seq"], True)
    assert board.fresh_ids() == [drill]
    with write_session() as s:
        service.acknowledge_incident(s, incident_id=drill, request=AcknowledgeRequest(),
                                     actor=DISPATCHER)
    asyncio.run(board.apply(_events(created["seq"])[0]))
    assert board.announced == (created["seq"], True)  # an acknowledgement never chimes
    assert board.fresh_ids() == [drill]  # still open: still highlighted

    # Written while this worker's bus missed it: a re-read announces it.
    real = make_incident(subject={"name": "Real"})
    seq, views = read_open()
    board.merge(seq, views)
    assert board.announced == (seq, False) and seq > created["seq"]
    assert board.fresh_ids() == [drill, real]
    assert board.has(real)
    board.merge(seq, views)  # the same read again: nothing new to announce
    assert board.announced == (seq, False)
