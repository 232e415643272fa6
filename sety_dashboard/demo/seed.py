"""The demo data set: 90 days of a safety operation in Lagos and Abuja.

Deterministic (seeded): the same command gives the same city. Every
incident goes through the real domain services with the clock moved to its
time, so timelines, SLA breaches and events are what Sety itself would
have written.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sety_dashboard.core import clock
from sety_dashboard.core.db import read_session, write_session
from sety_dashboard.demo.places import (
    ABUJA,
    FIRST_NAMES,
    LAGOS,
    LANDMARKS,
    LAST_NAMES,
    RESPONDERS,
    SITES,
    STREETS,
)
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.incidents import inputs, service
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.responders.inputs import CreateResponderRequest
from sety_dashboard.domain.responders.service import create_responder
from sety_dashboard.domain.users.service import CreateUserRequest, count_users, create_user, user_actor

SEED = 20261130
DAYS = 90
DEMO_PASSWORD = "sety-demo-2026"
DEMO_USERS = [
    ("admin@sety-demo.ng", "Adaeze Admin", "admin"),
    ("supervisor@sety-demo.ng", "Sam Okafor", "supervisor"),
    ("dispatcher@sety-demo.ng", "Ada Nwosu", "dispatcher"),
    ("dispatcher2@sety-demo.ng", "Bayo Adeyemi", "dispatcher"),
    ("frontdesk@sety-demo.ng", "Funmi Balogun", "front_desk"),
]
MOBILE_APP = Actor(kind="api", id="key_demomobileapp0001", name="Sety mobile app")

# category: (relative frequency, hours of the day it peaks at)
CATEGORIES = {
    "sos": (30, [20, 21, 22, 23, 0, 1, 2]),
    "harassment": (10, [19, 20, 21, 22, 23]),
    "security": (16, [22, 23, 0, 1, 2, 3]),
    "suspicious_activity": (12, [21, 22, 23, 0, 1]),
    "accident": (14, [7, 8, 9, 17, 18, 19]),
    "medical": (10, list(range(8, 20))),
    "fire": (4, [11, 12, 13, 14, 15]),
    "other": (4, list(range(9, 18))),
}
OUTCOMES = ["handled"] * 6 + ["false_alarm", "referred", "no_action_needed", "unresolved"]


def _pick_place(rng: random.Random) -> tuple[str, float, float]:
    spots = LAGOS if rng.random() < 0.72 else ABUJA
    name, lng, lat, spread, _ = rng.choices(spots, weights=[s[4] for s in spots])[0]
    return name, lng + rng.gauss(0, spread), lat + rng.gauss(0, spread)


def _pick_time(rng: random.Random, category: str, day_start: datetime) -> datetime:
    peak_hours = CATEGORIES[category][1]
    hour = rng.choice(peak_hours) if rng.random() < 0.7 else rng.randrange(24)
    # Lagos and Abuja are UTC+1: shift local hours to UTC.
    return day_start + timedelta(hours=(hour - 1) % 24, minutes=rng.randrange(60),
                                 seconds=rng.randrange(60))


def _person(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    phone = "+234" + rng.choice(["803", "805", "806", "813", "816", "703", "706", "810"]) + \
        f"{rng.randrange(10**7):07d}"
    return name, phone


def _request(rng: random.Random, category: str, is_drill: bool) -> inputs.CreateIncidentRequest:
    place, lng, lat = _pick_place(rng)
    name, phone = _person(rng)
    site = None
    if rng.random() < 0.12 or is_drill:
        site_name, lng, lat, address = rng.choice(SITES)
        site = site_name
    else:
        address = f"{rng.randrange(1, 220)} {rng.choice(STREETS)}, {place}"
    subject = {"name": name, "phone": phone}
    if category in ("sos", "harassment") and rng.random() < 0.5:
        subject["reference"] = f"TRIP-{rng.randrange(10000, 99999)}"
        plate = (f"{rng.choice(['LND', 'KJA', 'ABJ', 'FST'])}-{rng.randrange(100, 999)}-"
                 f"{rng.choice(['KJA', 'AA', 'BWR'])}")
        subject["metadata"] = {"vehicle_plate": plate,
                               "driver_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"}
    description = {
        "sos": "SOS button pressed in the mobile app.",
        "medical": "Caller reports a person collapsed and breathing with difficulty.",
        "fire": "Smoke seen coming from the building.",
        "security": "Break-in attempt reported by the night guard.",
        "harassment": "Passenger reports being followed and harassed.",
        "accident": "Two-vehicle collision, one person injured.",
        "suspicious_activity": "Group loitering near parked cars, checking door handles.",
        "other": "Caller requests assistance.",
    }[category]
    return inputs.CreateIncidentRequest(
        category=category, is_drill=is_drill, site=site, description=description,
        subject=subject,
        location={"coordinates": [round(lng, 6), round(lat, 6)], "address": address,
                  "landmark": rng.choice(LANDMARKS)},
        title=f"Fire drill — {site}" if is_drill and category == "fire" else None,
    )


def _play_out(rng: random.Random, frozen: clock.FrozenClock, incident_id: str,
              responders: list[str], dispatcher: Actor, still_open: bool, is_drill: bool) -> None:
    """Move one incident through a realistic life, advancing the clock."""
    def act(fn, **kw) -> None:  # noqa: ANN001
        with write_session() as session:
            fn(session, incident_id=incident_id, actor=dispatcher, **kw)

    frozen.advance(rng.choice([5, 7, 8, 10, 11, 12, 13, 14, 22, 40]))
    act(service.acknowledge_incident, request=inputs.AcknowledgeRequest())
    if still_open and rng.random() < 0.3:
        return
    if not is_drill and rng.random() < 0.08:
        frozen.advance(rng.randrange(60, 600))
        act(service.cancel_incident, request=inputs.CancelRequest(reason="Caller confirmed it was a mistake"))
        return
    frozen.advance(rng.randrange(15, 110))
    act(service.assign_responder, request=inputs.AssignRequest(responder_id=rng.choice(responders),
                                                        eta_s=rng.choice([180, 300, 480, 600])))
    with read_session() as session:
        from sqlalchemy import select

        from sety_dashboard.domain.incidents.models import Assignment

        asg = session.execute(select(Assignment.id).where(Assignment.incident_id == incident_id)
                              ).scalars().first()
    frozen.advance(rng.randrange(60, 400))
    act(service.update_assignment, assignment_id=asg,
        request=inputs.UpdateAssignmentRequest(status="en_route"))
    if still_open and rng.random() < 0.5:
        return
    frozen.advance(rng.randrange(120, 900))
    act(service.update_assignment, assignment_id=asg,
        request=inputs.UpdateAssignmentRequest(status="on_scene"))
    if rng.random() < 0.6:
        frozen.advance(rng.randrange(60, 600))
        act(service.add_note, request=inputs.NoteRequest(message=rng.choice([
            "Subject located and safe.", "Police informed.", "First aid given on scene.",
            "Area secured, crowd dispersed.", "Family member contacted."])))
    if still_open:
        return
    frozen.advance(rng.randrange(300, 5400))
    act(service.resolve_incident, request=inputs.ResolveRequest(resolution_outcome=rng.choice(OUTCOMES)))


def seed_demo(force: bool = False, now: datetime | None = None) -> str:
    with read_session() as session:
        if not force and session.query(Incident).first() is not None:
            return "the database already has incidents; nothing seeded (use --force to add more)"
    rng = random.Random(SEED)
    real_now = (now or clock.now()).astimezone(UTC)
    previous = clock.now.__globals__["_clock"]
    frozen = clock.FrozenClock(real_now - timedelta(days=DAYS))
    clock.set_clock(frozen)
    try:
        users = _seed_users()
        responders = _seed_responders()
        dispatchers = [u for u in users if u.role in ("dispatcher", "supervisor")]
        count = _seed_incidents(rng, frozen, real_now, responders, dispatchers)
        extras = _seed_extras(rng, real_now)
    finally:
        clock.set_clock(previous)
    return (f"seeded {count} incidents over {DAYS} days, {len(responders)} responders, "
            f"{len(users)} users{extras}")


def _seed_users() -> list[Actor]:
    with write_session() as session:
        if count_users(session) == 0:
            for email, name, role in DEMO_USERS:
                create_user(session, request=CreateUserRequest(
                    email=email, name=name, role=role, password=DEMO_PASSWORD))
    with read_session() as session:
        from sety_dashboard.domain.users.service import list_users

        return [user_actor(u) for u in list_users(session)]


def _seed_responders() -> list[str]:
    ids = []
    with write_session() as session:
        for i, (name, role, unit) in enumerate(RESPONDERS):
            ids.append(create_responder(session, request=CreateResponderRequest(
                name=name, role=role, unit=unit, phone=f"+23480300000{i:02d}",
                on_duty=i % 5 != 4)).id)
    return ids


def _seed_incidents(rng: random.Random, frozen: clock.FrozenClock, real_now: datetime,
                    responders: list[str], dispatchers: list[Actor]) -> int:
    cats = list(CATEGORIES)
    weights = [CATEGORIES[c][0] for c in cats]
    plan: list[tuple[datetime, str, bool]] = []
    start = real_now - timedelta(days=DAYS)
    day0 = start.replace(hour=0, minute=0, second=0, microsecond=0)
    for day in range(DAYS):
        day_start = day0 + timedelta(days=day)
        weekend = day_start.weekday() >= 4
        for _ in range(rng.choice([2, 3, 4, 5] + ([5, 6] if weekend else []))):
            category = rng.choices(cats, weights=weights)[0]
            plan.append((_pick_time(rng, category, day_start), category, False))
        if day % 14 == 3:
            plan.append((day_start + timedelta(hours=9), "fire", True))
    # The live part of the board: a handful raised in the last half hour.
    for minutes_ago in (170, 118, 95, 61, 44, 28, 17, 9, 4, 2):
        category = rng.choice(["sos", "sos", "medical", "security", "harassment", "fire"])
        plan.append((real_now - timedelta(minutes=minutes_ago), category, False))
    plan.append((real_now - timedelta(minutes=6), "fire", True))
    plan = sorted((p for p in plan if start <= p[0] <= real_now), key=lambda p: p[0])

    for when, category, is_drill in plan:
        frozen.set(when)
        with write_session() as session:
            inc = service.create_incident(session, request=_request(rng, category, is_drill),
                                          actor=MOBILE_APP).incident
        age = real_now - when
        still_open = age < timedelta(hours=6) or (age < timedelta(days=2) and rng.random() < 0.2)
        if age < timedelta(minutes=10) and rng.random() < 0.6:
            continue  # new and not yet acknowledged
        _play_out(rng, frozen, inc.id, responders, rng.choice(dispatchers), still_open, is_drill)
    return len(plan)


def _seed_extras(rng: random.Random, real_now: datetime) -> str:
    """Demo rows of the other areas: visitors, access codes and safe zones."""
    from sety_dashboard.demo.access_demo import seed_access_demo
    from sety_dashboard.demo.threat_demo import seed_threat_demo

    with write_session() as session:
        visitors = seed_access_demo(session, rng, real_now)
    with write_session() as session:
        zones = seed_threat_demo(session, rng)
    return f"; {visitors}; {zones}"
