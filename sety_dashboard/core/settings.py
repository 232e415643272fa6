"""One settings object, read from the environment and a `.env` file."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SETY_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///sety.db"
    redis_url: str | None = None
    # Prefix for every Redis key and channel, so several deployments (or test
    # runs) can share one Redis without seeing each other's traffic.
    redis_prefix: str = "sety"
    secret_key: str = "dev-insecure-change-me"
    rate_limit_per_min: int = 600
    timezone: str = "UTC"
    webhook_allow_private: bool = False
    # This node's name in /v1/health (default: hostname:pid of each process).
    node_id: str | None = None
    # How often the SLA ticker looks for passed deadlines (seconds).
    sla_tick_s: float = 1.0
    # Dashboard sign-in sessions last this long without activity.
    session_ttl_s: int = 12 * 3600
    # Dashboard map tiles. Markers are drawn without tiles, so a control
    # room without internet still sees where incidents are.
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_attribution: str = "&copy; OpenStreetMap contributors"
    # How often each worker forgets closed dashboard tabs and clears tabs
    # whose sign-in session ended (seconds).
    live_sweep_s: float = 30.0
    # An assignment not accepted by its unit (/me) within this many seconds
    # is flagged on the dispatch board.
    accept_timeout_s: float = 60.0
    # A responder's reported position older than this is shown as stale.
    location_stale_s: float = 300.0
    # Dashboard alert: while a real incident waits for acknowledgement, its
    # chime repeats this often (seconds; 0 = once only) on every page.
    alert_repeat_critical_s: float = 10.0
    alert_repeat_s: float = 30.0
    # Live stream (/v1/stream): a heartbeat frame this often (API.md promises
    # at least every 30 s), and how many events a client may fall behind
    # before it is closed and told to resume with after_seq.
    stream_heartbeat_s: float = 15.0
    stream_queue_max: int = 1000
    # Webhook worker: how often it looks for work when the bus is quiet, how
    # long a claimed delivery is reserved for one worker, the HTTP deadline
    # per attempt, and how many attempts it makes at once (per endpoint too).
    webhook_poll_s: float = 1.0
    webhook_lease_s: float = 60.0
    webhook_timeout_s: float = 10.0
    webhook_concurrency: int = 64
    webhook_per_endpoint: int = 8


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment)."""
    get_settings.cache_clear()
