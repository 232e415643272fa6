"""Demo visitors: 30 days of front-desk traffic at HQ, the Lagos warehouse and
the Abuja office, with codes issued ahead of visits, walk-ins, contractors on
multi-use codes, a few refused codes, and people inside right now (one of
them overstaying).

Deterministic for a given `random.Random` (code strings included; only ids
differ between runs). Every row is written by the real access services with
the clock moved to its moment, so events and statuses are what Sety would
have written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.demo.places import FIRST_NAMES, LAST_NAMES
from sety_dashboard.domain.access import codes, service
from sety_dashboard.domain.access.inputs import (
    CheckInRequest,
    CheckoutRequest,
    CreateAccessCodeRequest,
)
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.users.models import User

DAYS = 30
UTC_OFFSET_H = 1  # Lagos and Abuja are UTC+1; plans below are in local hours
KIOSK = Actor(kind="api", id="key_demoreceptionkiosk", name="Reception kiosk")
FALLBACK_DESK = Actor(kind="system", id="front-desk", name="Front desk")

# site: (visits on a weekday, hosts)
SITES: dict[str, tuple[int, list[str]]] = {
    "HQ": (16, ["Ngozi (Finance)", "Tunde (Legal)", "Amaka (HR)", "Emeka (IT)",
                "Zainab (Operations)", "The CEO's office"]),
    "Lagos Warehouse": (7, ["Ibrahim (Logistics)", "Bisi (Stores)", "Gate security"]),
    "Abuja Office": (9, ["Funmi (Partnerships)", "Chinedu (Government relations)",
                         "Halima (Admin)"]),
}
# purpose: (weight, typical minutes on site, chance the visit was pre-booked with a code)
PURPOSES: dict[str, tuple[int, tuple[int, int], float]] = {
    "Meeting": (34, (35, 120), 0.6),
    "Interview": (12, (45, 100), 0.9),
    "Delivery": (18, (5, 25), 0.1),
    "Maintenance": (8, (60, 240), 0.5),
    "Audit": (4, (180, 420), 0.8),
    "Personal visit": (8, (15, 60), 0.0),
    "Training": (6, (120, 300), 0.7),
}


@dataclass(order=True)
class _Step:
    when: datetime
    order: int
    kind: str = field(compare=False)
    visit: dict[str, Any] = field(compare=False)


def _person(rng: random.Random) -> tuple[str, str | None]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    phone = None
    if rng.random() < 0.75:
        phone = "+234" + rng.choice(["803", "806", "813", "703", "810"]) + f"{rng.randrange(10**7):07d}"
    return name, phone


def _arrival(rng: random.Random, day_start: datetime) -> datetime:
    hour = rng.choices(range(7, 19), weights=[2, 6, 9, 10, 8, 6, 7, 8, 6, 4, 2, 1])[0]
    local = day_start + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
    return local - timedelta(hours=UTC_OFFSET_H)


def _plan(rng: random.Random, now: datetime) -> list[_Step]:
    steps: list[_Step] = []
    first_day = (now - timedelta(days=DAYS - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    purposes = list(PURPOSES)
    weights = [PURPOSES[p][0] for p in purposes]
    for d in range(DAYS):
        day_start = first_day + timedelta(days=d)
        weekend = day_start.weekday() >= 5
        for site, (per_day, hosts) in SITES.items():
            n = max(0, round(rng.gauss(per_day * (0.25 if weekend else 1.0), per_day * 0.2)))
            for _ in range(n):
                arrive = _arrival(rng, day_start)
                if arrive > now:
                    continue
                purpose = rng.choices(purposes, weights=weights)[0]
                low, high = PURPOSES[purpose][1]
                stay = timedelta(minutes=rng.uniform(low, high))
                name, phone = _person(rng)
                visit = {"site": site, "purpose": purpose, "host": rng.choice(hosts),
                         "name": name, "phone": phone, "arrive": arrive, "leave": arrive + stay,
                         "coded": rng.random() < PURPOSES[purpose][2]}
                if visit["coded"]:
                    issued = arrive - timedelta(hours=rng.uniform(0.5, 30))
                    steps.append(_Step(issued, 0, "issue", visit))
                    if rng.random() < 0.03:  # a second try with the used code, turned away
                        steps.append(_Step(arrive + timedelta(minutes=rng.uniform(2, 90)), 2,
                                           "reuse", visit))
                steps.append(_Step(arrive, 1, "arrive", visit))
                if visit["leave"] < now:
                    steps.append(_Step(visit["leave"], 3, "leave", visit))
    return sorted(steps)


def _code_string(rng: random.Random, session: Session, now: datetime) -> str:
    while True:
        candidate = str(rng.randrange(100000, 1000000))
        if not codes._string_in_use(session, candidate, now):
            return candidate


def _issue(session: Session, rng: random.Random, desk: Actor, visit: dict[str, Any],
           valid_until: datetime, max_uses: int = 1) -> None:
    now = clock.now()
    code = codes.create_code(session, actor=desk, request=CreateAccessCodeRequest(
        visitor_name=visit["name"], visitor_phone=visit["phone"], host_name=visit["host"],
        purpose=visit["purpose"], site=visit["site"], valid_from=now,
        valid_until=valid_until, max_uses=max_uses, code=_code_string(rng, session, now)))
    visit["code"] = code.code


def _run(session: Session, rng: random.Random, steps: list[_Step], desk: Actor,
         frozen: clock.FrozenClock) -> dict[str, int]:
    counts = {"visits": 0, "codes": 0, "denied": 0}
    for step in steps:
        frozen.set(step.when)
        v = step.visit
        if step.kind == "issue":
            _issue(session, rng, desk, v, valid_until=v["arrive"] + timedelta(hours=rng.choice([4, 8, 12])))
            counts["codes"] += 1
        elif step.kind in ("arrive", "reuse"):
            actor = KIOSK if v.get("code") and rng.random() < 0.5 else desk
            outcome = service.check_in(session, actor=actor, request=CheckInRequest(
                visitor_name=None if v.get("code") else v["name"], access_code=v.get("code"),
                visitor_phone=None if v.get("code") else v["phone"],
                host_name=None if v.get("code") else v["host"],
                purpose=None if v.get("code") else v["purpose"], site=v["site"]))
            if outcome.log is None:
                counts["denied"] += 1
            elif step.kind == "arrive":
                v["log_id"] = outcome.log.id
                counts["visits"] += 1
        elif step.kind == "leave" and v.get("log_id"):
            service.check_out(session, log_id=v["log_id"], request=CheckoutRequest(), actor=desk)
    return counts


def _extras(session: Session, rng: random.Random, desk: Actor, frozen: clock.FrozenClock,
            now: datetime) -> int:
    """What makes the board interesting right now: a contractor crew on a
    multi-use code, an overstaying visitor, codes issued for tomorrow, one
    revoked."""
    made = 0
    frozen.set(now - timedelta(days=6))
    crew = {"name": "Bright Sparks Electrical (crew)", "phone": "+2348035550101",
            "host": "Zainab (Operations)", "purpose": "Maintenance", "site": "HQ"}
    _issue(session, rng, desk, crew, valid_until=now + timedelta(days=8), max_uses=40)
    made += 1
    frozen.set(now - timedelta(hours=3, minutes=12))
    for member in ("Kunle Adebayo", "Sani Danjuma"):
        service.check_in(session, actor=KIOSK, request=CheckInRequest(
            access_code=crew["code"], visitor_name=member, site="HQ"))
    # Checked in on a code that ran out an hour ago: flagged as an overstay.
    frozen.set(now - timedelta(hours=5))
    late = {"name": "Oluwaseun Martins", "phone": "+2348061234500", "host": "Emeka (IT)",
            "purpose": "Meeting", "site": "HQ"}
    _issue(session, rng, desk, late, valid_until=now - timedelta(hours=1))
    frozen.set(now - timedelta(hours=4, minutes=50))
    service.check_in(session, actor=desk, request=CheckInRequest(access_code=late["code"], site="HQ"))
    frozen.set(now - timedelta(minutes=40))
    for name, site, purpose, host in (
        ("Chioma Nwankwo", "HQ", "Interview", "Amaka (HR)"),
        ("Musa Abdullahi", "Abuja Office", "Meeting", "Funmi (Partnerships)"),
        ("Grace Etim", "Lagos Warehouse", "Audit", "Ibrahim (Logistics)"),
    ):
        tomorrow = now.replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
        visit = {"name": name, "phone": None, "host": host, "purpose": purpose, "site": site}
        frozen.set(frozen.now() + timedelta(minutes=3))
        code = codes.create_code(session, actor=desk, request=CreateAccessCodeRequest(
            visitor_name=name, host_name=host, purpose=purpose, site=site, valid_from=tomorrow,
            valid_until=tomorrow + timedelta(hours=10),
            code=_code_string(rng, session, frozen.now())))
        visit["code"] = code.code
        made += 1
    frozen.set(now - timedelta(minutes=15))
    codes.revoke_code(session, code_id=code.id, actor=desk)  # the audit was called off
    return made


def _front_desk(session: Session) -> Actor:
    user = session.execute(
        select(User).where(User.role == "front_desk").order_by(User.created_at).limit(1)
    ).scalar_one_or_none()
    if user is None:
        return FALLBACK_DESK
    return Actor(kind="user", id=user.id, name=user.name, role=user.role)


def seed_access_demo(session: Session, rng: random.Random, now: datetime) -> str:
    """Write the demo visitors in `session`; returns a one-line summary.

    Moves the clock while it works and puts the previous clock back.
    """
    previous = clock._clock
    frozen = clock.FrozenClock(now)
    clock.set_clock(frozen)
    try:
        desk = _front_desk(session)
        counts = _run(session, rng, _plan(rng, now), desk, frozen)
        extra_codes = _extras(session, rng, desk, frozen, now)
    finally:
        clock.set_clock(previous)
    return (f"{counts['visits'] + 3} visits and {counts['codes'] + extra_codes} access codes "
            f"over {DAYS} days at {len(SITES)} sites ({counts['denied']} refused codes)")
