"""The baseline for bench/api_throughput.py: a bare FastAPI JSON echo.

Served by the same Granian (same interface, same worker count) as the app,
so a row's ratio to it says how much of the stack beneath Sety uses.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/echo")
def echo_get() -> dict[str, Any]:
    return {"ok": True}


@app.post("/echo")
async def echo_post(request: Request) -> Any:
    return await request.json()
