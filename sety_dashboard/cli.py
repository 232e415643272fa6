"""`python -m sety_dashboard <command>`: db upgrade, keys create, users create, seed."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from pydantic import ValidationError

from sety_dashboard.domain.errors import DomainError

ROOT = Path(__file__).resolve().parent.parent


def db_upgrade(url: str | None = None) -> None:
    from alembic.config import Config

    from alembic import command

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    if url:
        cfg.attributes["url"] = url
    command.upgrade(cfg, "head")


def _keys_create(args: argparse.Namespace) -> None:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key

    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    with write_session() as session:
        key, secret = create_key(session, request=CreateApiKeyRequest(
            name=args.name, scopes=scopes, expires_at=args.expires_at))
    print(f"created {key.id} ({key.name}) with scopes {', '.join(key.scopes)}", file=sys.stderr)
    print("the secret is shown once; store it now:", file=sys.stderr)
    print(secret)


def _users_create(args: argparse.Namespace) -> None:
    from sety_dashboard.core.db import write_session
    from sety_dashboard.domain.users.service import CreateUserRequest, create_user

    password = args.password or getpass.getpass("password: ")
    with write_session() as session:
        user = create_user(session, request=CreateUserRequest(
            email=args.email, name=args.name, role=args.role, password=password,
            responder_id=args.responder_id))
    print(f"created {user.id} {user.email} ({user.role})")


def _seed(args: argparse.Namespace) -> None:
    from sety_dashboard.demo.seed import seed_demo

    summary = seed_demo(force=args.force)
    print(summary)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sety_dashboard")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command",
                                                                     required=True)
    db.add_parser("upgrade", help="apply Alembic migrations up to head")

    keys = sub.add_parser("keys", help="API keys").add_subparsers(dest="keys_command",
                                                                  required=True)
    kc = keys.add_parser("create", help="issue a key; its secret is the last stdout line")
    kc.add_argument("--name", required=True)
    kc.add_argument("--scopes", required=True, help="comma-separated, e.g. admin")
    kc.add_argument("--expires-at", dest="expires_at", default=None)

    users = sub.add_parser("users", help="dashboard users").add_subparsers(dest="users_command",
                                                                          required=True)
    uc = users.add_parser("create", help="add a dashboard user")
    uc.add_argument("--email", required=True)
    uc.add_argument("--name", required=True)
    uc.add_argument("--role", required=True,
                    choices=["dispatcher", "front_desk", "supervisor", "admin", "responder"])
    uc.add_argument("--responder-id", dest="responder_id", default=None,
                    help="for --role responder: the roster entry (rsp_…) this person is")
    uc.add_argument("--password", default=None, help="prompted for when left out")

    seed = sub.add_parser("seed", help="load data")
    seed.add_argument("--demo", action="store_true", required=True,
                      help="the realistic demo data set (Lagos and Abuja)")
    seed.add_argument("--force", action="store_true",
                      help="seed even when the database already has incidents")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "db":
            db_upgrade()
        elif args.command == "keys":
            _keys_create(args)
        elif args.command == "users":
            _users_create(args)
        elif args.command == "seed":
            _seed(args)
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            print(f"error: {field}: {err['msg']}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return 0
