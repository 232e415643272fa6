"""Alembic runs against the database Sety is configured for."""

from alembic import context
from sety_dashboard import models
from sety_dashboard.core.db import make_engine
from sety_dashboard.core.settings import get_settings

target_metadata = models.metadata


def run_migrations_online() -> None:
    url = context.config.attributes.get("url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
