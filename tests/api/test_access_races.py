"""Races through the real HTTP API, with real threads, on SQLite and PostgreSQL:
the database decides who wins."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import httpx

from tests.access_factories import denial_count, events, log_count


def race(url: str, secret: str, n: int, send: Callable[[httpx.Client], httpx.Response],
         ) -> list[httpx.Response]:
    """Fire `n` requests from `n` threads released at the same instant."""
    barrier = threading.Barrier(n)
    answers: list[httpx.Response | BaseException] = [None] * n  # type: ignore[list-item]
    clients = [httpx.Client(base_url=url, timeout=60,
                            headers={"Authorization": f"Bearer {secret}"}) for _ in range(n)]
    for c in clients:  # open every connection first, so only the requests race
        c.get("/v1/health")

    def run(i: int) -> None:
        try:
            barrier.wait()
            answers[i] = send(clients[i])
        except BaseException as exc:  # noqa: BLE001 - reported below
            answers[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for c in clients:
        c.close()
    errors = [a for a in answers if not isinstance(a, httpx.Response)]
    assert not errors, errors
    return answers  # type: ignore[return-value]


def test_ten_kiosks_one_use_code_admit_exactly_one(admin, live_server, make_key):
    code = admin.post("/v1/access-codes", json={"visitor_name": "Chidi Okeke", "site": "HQ"}).json()
    secret = make_key("access:write", "access:read")
    answers = race(live_server.url, secret, 10, lambda c: c.post(
        "/v1/access-logs", json={"access_code": code["code"], "site": "HQ"}))

    assert Counter(a.status_code for a in answers) == {201: 1, 403: 9}
    for a in answers:
        if a.status_code == 403:
            err = a.json()["error"]
            assert err["code"] == "access_denied" and err["details"] == {"reason": "exhausted"}
    assert log_count() == 1
    assert denial_count() == 9
    assert admin.get(f"/v1/access-codes/{code['code_id']}").json()["uses"] == 1
    assert len(events("access.checked_in")) == 1
    assert len(events("access.denied")) == 9


def test_a_three_use_code_admits_three_of_ten(admin, live_server, make_key):
    code = admin.post("/v1/access-codes",
                      json={"visitor_name": "Acme crew", "max_uses": 3}).json()
    secret = make_key("access:write")
    answers = race(live_server.url, secret, 10, lambda c: c.post(
        "/v1/access-logs", json={"access_code": code["code"]}))
    assert Counter(a.status_code for a in answers) == {201: 3, 403: 7}
    assert log_count() == 3
    body = admin.get(f"/v1/access-codes/{code['code_id']}").json()
    assert (body["uses"], body["status"]) == (3, "exhausted")


def test_two_desks_checking_out_one_visitor(admin, live_server, make_key):
    log = admin.post("/v1/access-logs", json={"visitor_name": "Bola Ade"}).json()
    secret = make_key("access:write")
    answers = race(live_server.url, secret, 6, lambda c: c.post(
        f"/v1/access-logs/{log['log_id']}/checkout", json={}))
    assert Counter(a.status_code for a in answers) == {200: 1, 409: 5}
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {
        "already_checked_out"}
    assert len(events("access.checked_out")) == 1


def test_two_desks_issuing_one_custom_code(admin, live_server, make_key):
    secret = make_key("access:write")
    answers = race(live_server.url, secret, 6, lambda c: c.post(
        "/v1/access-codes", json={"visitor_name": "Guest", "code": "RACE01"}))
    assert Counter(a.status_code for a in answers) == {201: 1, 422: 5}
    listed = admin.get("/v1/access-codes", params={"status": "active"}).json()
    assert [c["code"] for c in listed["data"]] == ["RACE01"]
