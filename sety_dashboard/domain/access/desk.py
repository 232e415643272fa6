"""The front desk's site: the site a desk (a front-desk user, or the kiosk
tablet signed in as that user) stands in.

A desk chooses its site once; it is remembered on the server, per user, so
every browser and tablet of that desk agrees. The board, its figures and
log, check-in and the roll calls are then scoped to that site. Only a
supervisor or an admin may look at every site at once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.core import clock
from sety_dashboard.domain.access.models import DeskSite
from sety_dashboard.domain.access.service import known_sites
from sety_dashboard.domain.actors import Actor
from sety_dashboard.domain.errors import Forbidden, ValidationFailed
from sety_dashboard.domain.users.permissions import (
    can_dispatch,
    can_see_all_sites,
    can_use_visitor_board,
)

SITE_MAX = 200
# A new spelling of a site used in this many past days takes the known one.
KNOWN_SITES_DAYS = 90


def desk_site(session: Session, user_id: str) -> str | None:
    """The site this user's desk stands in (None: not chosen yet)."""
    return session.execute(
        select(DeskSite.site).where(DeskSite.user_id == user_id)).scalar_one_or_none()


def choose_desk_site(session: Session, *, actor: Actor, site: str) -> str:
    """Set the site of the actor's desk; returns the site as kept.

    A name that differs from a known site only in case or spacing takes the
    known spelling ("hq " → "HQ"), so one site is never split in two.
    """
    if actor.kind != "user" or not can_use_visitor_board(actor.role):
        raise Forbidden("only a front-desk user's desk has a site")
    name = " ".join(site.split())
    if not name:
        raise ValidationFailed("choose the site this desk stands in", "site", "required")
    if len(name) > SITE_MAX:
        raise ValidationFailed(f"a site name has at most {SITE_MAX} characters", "site",
                               "too_long")
    now = clock.now()
    for known in known_sites(session, since=now - timedelta(days=KNOWN_SITES_DAYS)):
        if known.casefold() == name.casefold():
            name = known
            break
    row = session.get(DeskSite, actor.id)
    if row is None:
        session.add(DeskSite(user_id=actor.id, site=name, updated_at=now))
    else:
        row.site, row.updated_at = name, now
        session.add(row)
    session.flush()
    return name


def board_site(role: str | None, desk: str | None, wanted: str | None) -> str | None:
    """Which site a visitor board shows ("" = every site, None = the desk
    must choose its site first).

    A front desk sees its own site only. A supervisor or admin sees the site
    asked for (`wanted`, "" for every site), else their desk's, else all.
    """
    if can_see_all_sites(role):
        if wanted is not None:
            return wanted
        return desk or ""
    return desk


def may_see_roll_call(role: str | None, desk: str | None, incident_site: str | None) -> bool:
    """A front desk sees the roll calls of its own site; dispatch roles,
    supervisors and admins see every incident's."""
    if can_see_all_sites(role) or can_dispatch(role):
        return True
    return bool(desk and incident_site and desk.casefold() == incident_site.casefold())


def may_see_visit(role: str | None, desk: str | None, visit_site: str | None) -> bool:
    """A front desk sees the visits of its own site (and those without a
    site); supervisors and admins see every visit."""
    if can_see_all_sites(role):
        return True
    if not visit_site:
        return True
    return bool(desk and desk.casefold() == visit_site.casefold())


# What a kiosk says when it refuses a code: to a visitor, in plain words.
KIOSK_REFUSALS = {
    "not_found": "We do not recognise this code.",
    "expired": "This code has expired.",
    "exhausted": "This code has already been used.",
    "not_yet_valid": "This code is not valid yet.",
    "revoked": "This code has been cancelled.",
}


def kiosk_refusal(reason: str) -> str:
    return KIOSK_REFUSALS.get(reason, "This code cannot be used here.")
