"""Deliveries follow the read scopes of the key behind the endpoint, checked at
fan-out time; a revoked key's endpoint is disabled (webhooks/authority.py)."""

from __future__ import annotations

from sqlalchemy import update

from sety_dashboard.core.db import write_session
from sety_dashboard.domain.keys.models import ApiKey
from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key, revoke_key
from sety_dashboard.webhooks import service
from sety_dashboard.webhooks.authority import OWNER_GONE_REASON
from sety_dashboard.webhooks.inputs import CreateWebhookRequest, UpdateWebhookRequest
from sety_dashboard.webhooks.models import WebhookEndpoint
from tests.access_factories import walk_in
from tests.factories import make_incident
from tests.webhooks.helpers import deliveries, endpoint, turn


def _key(*scopes: str) -> ApiKey:
    with write_session() as s:
        key, _ = create_key(s, request=CreateApiKeyRequest(name="hooks", scopes=list(scopes)))
        return key


def _endpoint(url: str, events: list[str], owner: ApiKey | None) -> str:
    with write_session() as s:
        ep, _ = service.create_endpoint(s, request=CreateWebhookRequest(url=url, events=events),
                                        owner=owner)
        return ep.id


def test_each_event_type_is_checked_against_the_owner_at_fan_out(db, clock, allow_private,
                                                                 receiver):
    owner = _key("webhooks:manage", "incidents:read")
    # An endpoint whose list is wider than its key may read (as one made
    # before this rule existed would be): only the readable types go out.
    ep_id = _endpoint(receiver.url, ["*"], None)
    with write_session() as s:
        s.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == ep_id)
                  .values(owner_key_id=owner.id))
    make_incident()
    walk_in("Chidi Okeke")
    turn()
    assert [d.event_type for d in deliveries(ep_id)] == ["incident.created"]
    assert [r.json["type"] for r in receiver.received()] == ["incident.created"]


def test_revoking_the_owner_key_disables_the_endpoint(db, clock, allow_private, receiver):
    owner = _key("webhooks:manage", "incidents:read")
    ep_id = _endpoint(receiver.url, ["incident.*"], owner)
    make_incident()
    turn()
    assert len(receiver.received()) == 1
    with write_session() as s:
        revoke_key(s, owner.id)
    make_incident()
    turn()
    ep = endpoint(ep_id)
    assert (ep.status, ep.disabled_reason) == ("disabled", OWNER_GONE_REASON)
    assert len(receiver.received()) == 1  # nothing more went out
    assert len(deliveries(ep_id)) == 1

    # Someone allowed re-enables it: their key becomes the owner, deliveries resume.
    other = _key("webhooks:manage", "incidents:read")
    with write_session() as s:
        service.update_endpoint(s, endpoint_id=ep_id, request=UpdateWebhookRequest(status="active"),
                                owner=other)
    make_incident()
    turn()
    assert endpoint(ep_id).status == "active" and endpoint(ep_id).owner_key_id == other.id
    assert len(receiver.received()) == 2


def test_a_revoked_owner_stops_waiting_retries(db, clock, allow_private):
    from tests.webhooks.receiver import Receiver, Reply

    with Receiver(lambda _r: Reply(503)) as rcv:
        owner = _key("webhooks:manage", "incidents:read")
        ep_id = _endpoint(rcv.url, ["incident.*"], owner)
        make_incident()
        turn()
        [d] = deliveries(ep_id)
        assert d.status == "retrying"
        with write_session() as s:
            revoke_key(s, owner.id)
        clock.advance(3600)
        turn()  # no new event: the claim step notices the revoked key
        assert endpoint(ep_id).status == "disabled"
        assert len(rcv.received()) == 1
