"""Deliveries to a real local HTTP receiver: signing, retries, auto-disable, filters."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.domain.errors import InvalidTransition
from sety_dashboard.events.log import events_after, record_event
from sety_dashboard.webhooks import service
from sety_dashboard.webhooks.inputs import UpdateWebhookRequest
from sety_dashboard.webhooks.models import WebhookEndpoint
from sety_dashboard.webhooks.schedule import MAX_ATTEMPTS, RETRY_DELAYS_S
from tests.factories import make_incident
from tests.webhooks.helpers import deliveries, endpoint, make_endpoint, turn
from tests.webhooks.receiver import Receiver, Reply, verify_signature


def test_delivery_is_signed_and_carries_the_envelope(db, clock, allow_private, receiver):
    ep_id, secret = make_endpoint(receiver.url)
    inc = make_incident()
    assert turn() == 1
    [got] = receiver.received()
    assert got.headers["content-type"] == "application/json"
    assert verify_signature(secret, got.headers["sety-signature"], got.body,
                            now=clock.now().timestamp())
    assert not verify_signature("whsec_wrong", got.headers["sety-signature"], got.body,
                                now=clock.now().timestamp())
    with read_session() as s:
        [envelope] = events_after(s, 0)
    assert got.json == envelope
    assert got.event_id == envelope["id"] and got.json["data"]["incident_id"] == inc
    assert got.headers["sety-signature"].startswith(f"t={int(clock.now().timestamp())},v1=")
    [d] = deliveries(ep_id)
    assert (d.status, d.attempts, d.response_status, d.last_error) == ("succeeded", 1, 200, None)
    assert d.delivered_at == clock.now() and d.next_attempt_at is None
    assert got.headers["sety-delivery-id"] == d.id and got.headers["sety-attempt"] == "1"
    assert turn() == 0  # nothing is sent twice


def test_fails_twice_then_succeeds_on_the_schedule(db, clock, allow_private):
    calls = {"n": 0}

    def flaky(_r):
        calls["n"] += 1
        return Reply(503, b"busy") if calls["n"] <= 2 else Reply(200)

    with Receiver(flaky) as rcv:
        ep_id, _ = make_endpoint(rcv.url)
        make_incident()
        assert turn() == 1
        [d] = deliveries(ep_id)
        assert (d.status, d.attempts, d.response_status, d.last_error) == ("retrying", 1, 503, "HTTP 503")
        assert (d.next_attempt_at - clock.now()).total_seconds() == RETRY_DELAYS_S[0]
        assert endpoint(ep_id).failure_count == 1
        clock.advance(RETRY_DELAYS_S[0] - 1)
        assert turn() == 0  # not due yet
        clock.advance(1)
        assert turn() == 1
        [d] = deliveries(ep_id)
        assert (d.status, d.attempts) == ("retrying", 2)
        assert (d.next_attempt_at - clock.now()).total_seconds() == RETRY_DELAYS_S[1]
        clock.advance(RETRY_DELAYS_S[1])
        assert turn() == 1
        [d] = deliveries(ep_id)
        assert (d.status, d.attempts, d.response_status, d.last_error) == ("succeeded", 3, 200, None)
        assert endpoint(ep_id).failure_count == 0
        ids = {r.event_id for r in rcv.received()}
        assert len(rcv.received()) == 3 and len(ids) == 1  # same event id each time
        assert [r.headers["sety-attempt"] for r in rcv.received()] == ["1", "2", "3"]


def test_persistent_failure_disables_the_endpoint(db, clock, allow_private):
    with Receiver(lambda r: Reply(500, b"down")) as rcv:
        ep_id, _ = make_endpoint(rcv.url)
        make_incident()
        for delay in RETRY_DELAYS_S:
            assert turn() == 1
            clock.advance(delay)
        assert turn() == 1
        [d] = deliveries(ep_id)
        assert (d.status, d.attempts, d.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
        ep = endpoint(ep_id)
        assert ep.status == "disabled" and ep.failure_count == MAX_ATTEMPTS
        assert "disabled automatically" in ep.disabled_reason and "HTTP 500" in ep.disabled_reason
        # Disabled: new events are not delivered, and nothing more is attempted.
        make_incident()
        clock.advance(86400)
        assert turn() == 0
        assert len(deliveries(ep_id)) == 1
        assert len(rcv.received()) == MAX_ATTEMPTS
        # A manual retry on a disabled endpoint is refused with a reason.
        with write_session() as s:
            try:
                service.retry_delivery(s, endpoint_id=ep_id, delivery_id=d.id)
                raise AssertionError("retry on a disabled endpoint was accepted")
            except InvalidTransition as exc:
                assert "disabled" in exc.message
        # Re-enabled: counters reset, old retries can be made again by hand.
        with write_session() as s:
            service.update_endpoint(s, endpoint_id=ep_id, request=UpdateWebhookRequest(status="active"))
        ep = endpoint(ep_id)
        assert (ep.status, ep.failure_count, ep.disabled_reason) == ("active", 0, None)


def test_one_bad_event_among_good_ones_does_not_disable(db, clock, allow_private):
    bad: set[str] = set()

    def picky(r):
        return Reply(400, b"bad payload") if r.event_id in bad else Reply(200)

    with Receiver(picky) as rcv:
        ep_id, _ = make_endpoint(rcv.url)
        make_incident()
        turn()
        bad.add(rcv.received()[0].event_id)
        with write_session() as s:  # make the first delivery fail from now on
            d = deliveries(ep_id)[0]
            service.retry_delivery(s, endpoint_id=ep_id, delivery_id=d.id)
        for delay in RETRY_DELAYS_S:
            turn()
            make_incident()  # other events keep succeeding meanwhile
            clock.advance(delay)
        turn()
        first = deliveries(ep_id)[0]
        assert first.status == "failed"
        assert endpoint(ep_id).status == "active"
        assert all(d.status == "succeeded" for d in deliveries(ep_id)[1:])


def test_manual_retry_of_a_failed_delivery(db, clock, allow_private):
    state = {"up": False}
    with Receiver(lambda r: Reply(200) if state["up"] else Reply(502)) as rcv:
        ep_id, _ = make_endpoint(rcv.url)
        make_incident()
        for delay in RETRY_DELAYS_S:
            turn()
            clock.advance(delay)
        turn()
        [d] = deliveries(ep_id)
        assert d.status == "failed" and endpoint(ep_id).status == "disabled"
        state["up"] = True
        with write_session() as s:
            service.update_endpoint(s, endpoint_id=ep_id, request=UpdateWebhookRequest(status="active"))
            again = service.retry_delivery(s, endpoint_id=ep_id, delivery_id=d.id)
            assert again.status == "pending"
        assert turn() == 1
        [d] = deliveries(ep_id)
        assert (d.status, d.attempts, d.response_status) == ("succeeded", MAX_ATTEMPTS + 1, 200)
        assert endpoint(ep_id).failure_count == 0


def test_event_filters_and_no_events_from_before_the_endpoint(db, clock, allow_private, receiver):
    make_incident()  # written before any endpoint: owed to nobody
    all_id, _ = make_endpoint(receiver.url + "/all")
    some_id, _ = make_endpoint(receiver.url + "/some", ["incident.resolved", "access.*"])
    with write_session() as s:
        for t in ("incident.created", "incident.resolved", "access.checked_in",
                  "access_code.created"):
            record_event(s, t, {})
    turn()
    assert [d.event_type for d in deliveries(all_id)] == [
        "incident.created", "incident.resolved", "access.checked_in", "access_code.created"]
    assert [d.event_type for d in deliveries(some_id)] == ["incident.resolved", "access.checked_in"]
    assert len(receiver.received("/hook/all")) == 4 and len(receiver.received("/hook/some")) == 2


def test_ping_goes_to_the_tested_endpoint_only(db, clock, allow_private, receiver):
    a, _ = make_endpoint(receiver.url + "/a")
    b, _ = make_endpoint(receiver.url + "/b")
    with write_session() as s:
        d = service.send_ping(s, a)
    assert d.status == "pending" and d.event_type == "ping"
    turn()
    [got] = receiver.received()
    assert got.path == "/hook/a" and got.json["type"] == "ping"
    assert got.json["data"]["endpoint_id"] == a
    assert deliveries(b) == []


def test_timeout_redirect_and_truncated_body(db, clock, allow_private, settings_env):
    settings_env(webhook_timeout_s=0.5, webhook_allow_private=1)

    def reply(r):
        if r.path.endswith("/slow"):
            return Reply(200, delay_s=2)
        if r.path.endswith("/moved"):
            return Reply(302, headers={"Location": "/hook/elsewhere"})
        return Reply(500, b"E" * 10_000)

    with Receiver(reply) as rcv:
        slow, _ = make_endpoint(rcv.url + "/slow")
        moved, _ = make_endpoint(rcv.url + "/moved")
        big, _ = make_endpoint(rcv.url + "/big")
        make_incident()
        turn()
        [d] = deliveries(slow)
        assert d.status == "retrying" and d.last_error == "timed out after 0.5 s"
        [d] = deliveries(moved)
        assert d.status == "retrying" and d.response_status == 302
        assert "redirect to /hook/elsewhere not followed" in d.last_error
        assert rcv.received("/hook/elsewhere") == []
        [d] = deliveries(big)
        assert d.response_status == 500 and d.response_body == "E" * 1000


def test_secret_never_logged(db, clock, allow_private, caplog):
    caplog.set_level(logging.DEBUG)
    with Receiver(lambda r: Reply(500)) as rcv:
        _, secret = make_endpoint(rcv.url)
        make_incident()
        turn()
    assert secret not in caplog.text


def test_private_addresses_are_refused_at_send_time_too(db, clock, settings_env, receiver):
    settings_env(webhook_allow_private=1)
    ep_id, _ = make_endpoint(receiver.url)  # accepted while private addresses were allowed
    settings_env(webhook_allow_private=0)
    make_incident()
    turn()
    [d] = deliveries(ep_id)
    assert d.status == "retrying" and "private" in d.last_error
    assert receiver.received() == []


def test_deleting_an_endpoint_stops_its_deliveries(db, clock, allow_private):
    with Receiver(lambda r: Reply(500)) as rcv:
        ep_id, _ = make_endpoint(rcv.url)
        make_incident()
        turn()
        with write_session() as s:
            service.delete_endpoint(s, ep_id)
        clock.advance(3600)
        make_incident()
        assert turn() == 0
        assert deliveries() == []
        assert len(rcv.received()) == 1


def test_a_failed_write_does_not_carry_the_secret_into_errors(db, clock, allow_private):
    """Errors are logged; SQL parameters (the secret among them) must not be in them."""
    ep_id, secret = make_endpoint("http://127.0.0.1:9/hook")
    try:
        with write_session() as s:
            s.add(WebhookEndpoint(id=ep_id, url="http://127.0.0.1:9/x", events=["*"], secret=secret,
                                  since_seq=0, created_at=clock.now(), updated_at=clock.now()))
        raise AssertionError("a duplicate id was accepted")
    except IntegrityError as exc:
        assert secret not in str(exc)
