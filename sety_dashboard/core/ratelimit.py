"""Per-key request budgets (fixed one-minute windows).

In memory for one process; in Redis when SETY_REDIS_URL is set, so that
several workers share one budget per key.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from sety_dashboard.core.settings import get_settings


@dataclass
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # unix seconds when the window ends

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset_at - time.time()))


class MemoryRateLimiter:
    # Counts without I/O: a request may be counted on the event loop.
    local = True

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int) -> Verdict:
        window = int(time.time() // 60)
        with self._lock:
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
            if len(self._counts) > 10_000:  # forget old windows
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
        return Verdict(count <= limit, limit, max(0, limit - count), (window + 1) * 60)


class RedisRateLimiter:
    local = False  # each hit is a Redis round trip

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix

    def hit(self, key: str, limit: int) -> Verdict:
        window = int(time.time() // 60)
        name = f"{self._prefix}:ratelimit:{key}:{window}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, 120)
        count = int(pipe.execute()[0])
        return Verdict(count <= limit, limit, max(0, limit - count), (window + 1) * 60)


_limiter: MemoryRateLimiter | RedisRateLimiter | None = None


def get_limiter() -> MemoryRateLimiter | RedisRateLimiter:
    global _limiter
    if _limiter is None:
        s = get_settings()
        _limiter = RedisRateLimiter(s.redis_url, s.redis_prefix) if s.redis_url else MemoryRateLimiter()
    return _limiter


def reset_limiter() -> None:
    global _limiter
    _limiter = None
