"""Account management by an admin: change a role, reset a password, end a
user's sessions. The rules (no demoting or locking out the last admin, no
changing your own role) live here, not in the admin page.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sety_dashboard.domain.actors import ROLES, Actor
from sety_dashboard.domain.errors import InvalidTransition, ValidationFailed
from sety_dashboard.domain.rows import get_or_not_found
from sety_dashboard.domain.users.models import User, UserSession

_hasher = PasswordHasher()
# A temporary password: 12 characters from a URL-safe alphabet (72 bits).
TEMP_PASSWORD_BYTES = 9


def _user(session: Session, user_id: str) -> User:
    return get_or_not_found(session, User, user_id, "user")


def lock_user(session: Session, user: User, *, losing_admin: bool) -> None:
    """Lock `user` for a change. When the change takes an admin's role or
    disables an admin (`losing_admin`), every enabled admin is locked instead,
    in id order (two admins acting on each other at once queue: neither
    deadlocks, not both succeed), and the change is refused if `user` is the
    only one left enabled: nobody could undo it."""
    if not losing_admin:
        session.refresh(user, with_for_update=True)
        return
    admins = session.execute(
        select(User).where(User.role == "admin", User.disabled.is_(False))
        .order_by(User.id).with_for_update()
    ).scalars().all()
    session.refresh(user)
    if not user.disabled and not [a for a in admins if a.id != user.id]:
        raise InvalidTransition("this is the last enabled admin; make another admin first")


def change_role(session: Session, *, user_id: str, role: str, actor: Actor) -> User:
    """Give a user another role. Refused: an unknown role, changing your own
    role (another admin must), and demoting the last enabled admin."""
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}", "role", "invalid")
    user = _user(session, user_id)
    if user.id == actor.id:
        raise InvalidTransition("you cannot change your own role; ask another admin")
    lock_user(session, user, losing_admin=user.role == "admin" and role != "admin")
    if user.role != role:
        user.role = role
        session.add(user)
    session.flush()
    return user


def end_sessions(session: Session, *, user_id: str) -> int:
    """Sign the user out everywhere (open tabs are cleared on the live
    bridge's next sweep). Returns how many sessions ended."""
    _user(session, user_id)
    result = session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    return int(result.rowcount or 0)


def reset_password(session: Session, *, user_id: str, actor: Actor) -> tuple[User, str]:
    """Replace the password with a temporary one and end every session.

    The temporary password is returned once and never stored in clear: the
    admin hands it over, the user signs in with it. Resetting your own
    password here is refused (you know it; change it by signing in).
    """
    user = _user(session, user_id)
    if user.id == actor.id:
        raise InvalidTransition("you cannot reset your own password here")
    session.refresh(user, with_for_update=True)
    temporary = secrets.token_urlsafe(TEMP_PASSWORD_BYTES)
    user.password_hash = _hasher.hash(temporary)
    session.add(user)
    end_sessions(session, user_id=user.id)
    session.flush()
    return user, temporary
