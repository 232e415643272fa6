"""Drills the way they are run: a few templates, a place, and before anything
starts, the words of who will be alerted.

A template fixes what a drill is (category, severity, title, what the room
is told); the supervisor only picks where and, optionally, when. Places are
the sites the deployment already knows (the newest incident raised at each
gives its map position) or a place typed with coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.domain.errors import ValidationFailed
from sety_dashboard.domain.incidents.inputs import CreateIncidentRequest
from sety_dashboard.domain.incidents.models import Incident
from sety_dashboard.domain.users.models import User, UserSession
from sety_dashboard.domain.users.permissions import DISPATCH_ROLES, VISITOR_ROLES


@dataclass(frozen=True)
class DrillTemplate:
    key: str
    label: str
    category: str
    severity: str
    # Whether the drill is raised at the site (a muster follows for fire and
    # SOS) or only near it, out in the street (no site, no muster).
    at_site: bool
    title: str  # "{place}" is replaced by the site or address
    description: str


TEMPLATES: dict[str, DrillTemplate] = {t.key: t for t in (
    DrillTemplate("fire_evacuation", "Fire evacuation", "fire", "critical", True,
                  "Fire evacuation drill — {place}",
                  "Practice: evacuate the building, gather at the assembly point and account "
                  "for everyone on the muster list."),
    DrillTemplate("street_sos", "SOS from the street", "sos", "critical", False,
                  "Street SOS drill — {place}",
                  "Practice: a person outside raises an SOS; acknowledge, call back and "
                  "dispatch the nearest responder."),
    DrillTemplate("medical", "Medical emergency", "medical", "high", True,
                  "Medical drill — {place}",
                  "Practice: someone is unwell on site; dispatch first aid and guide the "
                  "ambulance in."),
)}
MAX_AHEAD = timedelta(days=90)


def template(key: str) -> DrillTemplate:
    if key not in TEMPLATES:
        raise ValidationFailed(f"unknown drill template {key!r}; templates: "
                               f"{', '.join(TEMPLATES)}", "template", "invalid")
    return TEMPLATES[key]


@dataclass(frozen=True)
class Place:
    site: str | None
    lng: float
    lat: float
    address: str | None

    @property
    def name(self) -> str:
        return self.site or self.address or f"{self.lat:.4f}, {self.lng:.4f}"


def known_sites(session: Session) -> list[Place]:
    """Every site an incident was raised at, placed where the newest was."""
    ranked = select(
        Incident.site, Incident.lng, Incident.lat, Incident.address,
        func.row_number().over(partition_by=Incident.site,
                               order_by=(Incident.created_at.desc(), Incident.id.desc()))
        .label("n"),
    ).where(Incident.site.is_not(None)).subquery()
    rows = session.execute(select(ranked.c.site, ranked.c.lng, ranked.c.lat, ranked.c.address)
                           .where(ranked.c.n == 1)).all()
    return sorted((Place(r.site, r.lng, r.lat, r.address) for r in rows),
                  key=lambda p: (p.site or "").lower())


def site_place(session: Session, site: str) -> Place:
    for place in known_sites(session):
        if place.site == site:
            return place
    raise ValidationFailed(f"unknown site {site!r}: choose a known site or type the place",
                           "site", "invalid")


def typed_place(site: str | None, lat: Any, lng: Any, address: str | None) -> Place:
    def number(value: Any, label: str, lo: float, hi: float, field: str) -> float:
        try:
            n = float(str(value).strip().replace(",", "."))
        except ValueError:
            raise ValidationFailed(f"{label} must be a number, e.g. 6.4281", field,
                                   "invalid") from None
        if not lo <= n <= hi:
            raise ValidationFailed(f"{label} must be between {lo:g} and {hi:g}", field,
                                   "out_of_range")
        return n

    return Place(site=(site or "").strip() or None,
                 lat=number(lat, "Latitude", -90, 90, "lat"),
                 lng=number(lng, "Longitude", -180, 180, "lng"),
                 address=(address or "").strip() or None)


def drill_title(t: DrillTemplate, place: Place, name: str | None = None) -> str:
    return ((name or "").strip() or t.title.format(place=place.name))[:200]


def incident_request(t: DrillTemplate, place: Place, title: str,
                     description: str | None = None) -> CreateIncidentRequest:
    return CreateIncidentRequest(
        category=t.category, severity=t.severity, is_drill=True, title=title,
        description=(description or "").strip() or t.description,
        subject={"name": "Drill participant"},
        site=place.site if t.at_site else None,
        location={"coordinates": [place.lng, place.lat], "address": place.address},
    )


def audience(session: Session, t: DrillTemplate, place: Place) -> list[str]:
    """Who the drill reaches, in words, for the confirmation."""
    now = clock.now()
    boards = session.execute(
        select(func.count(func.distinct(UserSession.user_id)))
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.expires_at > now, User.disabled.is_(False),
               User.role.in_(DISPATCH_ROLES))
    ).scalar_one()
    who = [f"Every dispatch board (dispatchers, supervisors, admins; {boards} signed in now) "
           "shows it marked DRILL, with the alert sound."]
    if t.at_site and place.site and t.category in ("fire", "sos"):
        desks = session.execute(
            select(func.count(func.distinct(UserSession.user_id)))
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.expires_at > now, User.disabled.is_(False),
                   User.role.in_([r for r in VISITOR_ROLES if r not in DISPATCH_ROLES]))
        ).scalar_one()
        who.append(f"The front desk sees the muster list of everyone checked in at "
                   f"{place.site} ({desks} front desk user{'s' if desks != 1 else ''} "
                   "signed in now).")
    elif not t.at_site:
        who.append("No site is named, so no muster list is raised.")
    who.append("Webhook endpoints subscribed to incident events receive it with "
               "is_drill = true.")
    return who
