"""Migration 0003_threat goes down and up again on both databases."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy import inspect

from alembic import command
from sety_dashboard.cli import ROOT
from sety_dashboard.core import db as db_mod


def _alembic(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["url"] = url
    return cfg


def _indexes() -> set[str]:
    engine = db_mod.get_engine()
    engine.dispose()  # see the schema as it is now
    return {ix["name"] for ix in inspect(engine).get_indexes("incidents")}


def test_threat_migration_down_and_up(db):
    up = _indexes()
    assert {"ix_incidents_threat_area", "ix_incidents_threat_time"} <= up
    assert not any(name.startswith("ix_incidents_h3_") for name in up)
    assert "safe_zones" in inspect(db_mod.get_engine()).get_table_names()

    db_mod.get_engine().dispose()
    command.downgrade(_alembic(db.url), "0002_access")
    down = _indexes()
    assert "ix_incidents_threat_area" not in down and "ix_incidents_h3_r8" in down
    assert "safe_zones" not in inspect(db_mod.get_engine()).get_table_names()

    db_mod.get_engine().dispose()
    command.upgrade(_alembic(db.url), "head")
    assert _indexes() == up
