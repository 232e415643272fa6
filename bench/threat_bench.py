"""Threat intelligence benchmark: 1,000,000 incidents in SQLite.

    python bench/threat_bench.py [--incidents 1000000] [--db /tmp/sety_threat_bench.db]

1. Loads seeded, clustered incidents (bench/threat_data.py) straight into a
   migrated SQLite file.
2. Measures ingest through the real `create_incident` service on that file,
   with the H3 indexing (cells computed, the two threat covering indexes)
   and without it (a copy of the file without those indexes, cells not
   computed), in alternating rounds.
3. Times each threat query through the domain functions the API calls, each
   in its own read session, and writes p50/p95 into docs/PERFORMANCE.md
   (its threat section; other sections are kept).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import threat_data  # noqa: E402
from sety_dashboard.cli import db_upgrade  # noqa: E402
from sety_dashboard.core import clock, db  # noqa: E402
from sety_dashboard.core.db import read_session, write_session  # noqa: E402
from sety_dashboard.domain.actors import Actor  # noqa: E402
from sety_dashboard.domain.incidents import service  # noqa: E402
from sety_dashboard.domain.incidents.inputs import CreateIncidentRequest  # noqa: E402
from sety_dashboard.domain.threat import baseline as baseline_mod  # noqa: E402
from sety_dashboard.domain.threat.analytics import danger_analytics  # noqa: E402
from sety_dashboard.domain.threat.area import Area, danger_zones  # noqa: E402
from sety_dashboard.domain.threat.geometry import BBox  # noqa: E402
from sety_dashboard.domain.threat.heatmap import heatmap  # noqa: E402
from sety_dashboard.domain.threat.route import RouteSafetyRequest, route_safety  # noqa: E402
from sety_dashboard.domain.threat.score import safety_score  # noqa: E402
from sety_dashboard.domain.threat.window import resolve_window  # noqa: E402
from sety_dashboard.workers.threat_warmer import warm_default_baseline  # noqa: E402

H3_INDEXES = ["ix_incidents_threat_area", "ix_incidents_threat_time"]
BENCH_ACTOR = Actor(kind="api", id="key_benchbenchbench0", name="bench")
M_PER_DEG = 111_195.0


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile: an observed value."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def city_box(city: tuple, half_km: float) -> BBox:
    _, lng, lat, _, _ = city
    dlat = half_km * 1000 / M_PER_DEG
    dlng = dlat / np.cos(np.radians(lat))
    return BBox(lng - dlng, lat - dlat, lng + dlng, lat + dlat)


def query_points(rng: np.random.Generator, cols: dict, n: int) -> list[tuple[float, float]]:
    """Half at places where incidents happened (people look where things
    happen, and these are the expensive ones), half anywhere in a city."""
    picks = rng.choice(len(cols["lng"]), size=n // 2, replace=False)
    points = [(float(cols["lng"][i]), float(cols["lat"][i])) for i in picks]
    for _ in range(n - len(points)):
        city = threat_data.CITIES[int(rng.integers(len(threat_data.CITIES)))]
        box = city_box(city, city[3] / 1000)
        points.append((float(rng.uniform(box.min_lng, box.max_lng)),
                       float(rng.uniform(box.min_lat, box.max_lat))))
    return points


def route_path(rng: np.random.Generator, n_points: int = 200) -> list[list[float]]:
    """A wiggly ~15 km path across a city, 200 points."""
    city = threat_data.CITIES[int(rng.integers(3))]
    box = city_box(city, 8)
    a = np.array([rng.uniform(box.min_lng, box.max_lng), box.min_lat])
    b = np.array([rng.uniform(box.min_lng, box.max_lng), box.max_lat])
    t = np.linspace(0, 1, n_points)[:, None]
    wiggle = np.sin(t * 6 * np.pi) * 0.01 * np.array([1.0, 0.0])
    pts = a + (b - a) * t + wiggle + rng.normal(0, 0.0003, (n_points, 2))
    return [[float(x), float(y)] for x, y in pts]


# Wall-clock by default; --cpu switches to this process's CPU time, which a
# busy shared machine disturbs far less (for comparing two versions there).
CLOCK: Callable[[], float] = time.perf_counter


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = CLOCK()
        fn()
        out.append((CLOCK() - start) * 1000)
    return out


def in_session(fn: Callable) -> Callable[[], object]:
    def run() -> object:
        with read_session() as session:
            return fn(session)
    return run


# -- ingest ---------------------------------------------------------------------

def ingest_rates(path: str, rounds: int, per_round: int, seed: int) -> dict[str, float]:
    """ms per create_incident with and without the H3 indexing.

    Paired rounds, alternating which variant goes first, after a warm-up of
    each: the overhead is the median over rounds of the ratio of the two
    rounds' medians, so load from elsewhere on the machine, which drifts,
    hits both sides of each ratio alike.
    """
    bare = path + ".noh3.db"
    shutil.copy(path, bare)
    conn = sqlite3.connect(bare)
    for name in H3_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.commit()
    conn.close()
    cols = threat_data.generate((rounds + 1) * per_round * 2, seed + 1)
    zeros = {f"h3_r{r}": 0 for r in range(5, 12)}
    real_cells = service.cells_for
    counter = iter(range(len(cols["lng"])))

    def run(variant: str, n: int) -> list[float]:
        db.configure(f"sqlite:///{bare if variant == 'without' else path}")
        service.cells_for = real_cells if variant == "with" else (lambda lat, lng: zeros)
        out = []
        for _ in range(n):
            i = next(counter)
            req = CreateIncidentRequest(
                category=threat_data.CATEGORIES[cols["category"][i]],
                location={"coordinates": [float(cols["lng"][i]), float(cols["lat"][i])]},
                subject={"name": "Bench Subject"})
            start = time.perf_counter()
            with write_session() as session:
                service.create_incident(session, request=req, actor=BENCH_ACTOR)
            out.append((time.perf_counter() - start) * 1000)
        return out

    try:
        run("with", per_round // 2)       # warm-up, not counted
        run("without", per_round // 2)
        times: dict[str, list[float]] = {"with": [], "without": []}
        ratios = []
        for r in range(rounds):
            order = ("without", "with") if r % 2 == 0 else ("with", "without")
            got = {variant: run(variant, per_round) for variant in order}
            for variant, values in got.items():
                times[variant] += values
            ratios.append(statistics.median(got["with"]) / statistics.median(got["without"]))
    finally:
        service.cells_for = real_cells
        db.configure(f"sqlite:///{path}")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(bare + suffix):
                os.remove(bare + suffix)
    return {"with": statistics.median(times["with"]),
            "without": statistics.median(times["without"]),
            "overhead": statistics.median(ratios) - 1, "rounds": rounds, "per_round": per_round}


# -- queries ----------------------------------------------------------------------

def run_queries(seed: int, cols: dict, only: list[str] | None = None) -> dict[str, list[float]]:
    """Every query group, or those whose name contains one of `only`."""
    rng = np.random.default_rng(seed)
    window = resolve_window()
    results: dict[str, list[float]] = {}
    lagos = threat_data.CITIES[0]

    # A warm-up pass so the first timings are not the page cache filling.
    with read_session() as session:
        heatmap(session, bbox=city_box(lagos, 20), resolution=8, window=window)
    # What the background warmer keeps ready in a deployment: the default
    # window's baseline and its zone map (workers/threat_warmer.py).
    warm_default_baseline()
    start = time.perf_counter()
    with read_session() as session:
        baseline_mod.compute_baseline(session, window)
    results["baseline (whole data set, once an hour; see notes)"] = [
        (time.perf_counter() - start) * 1000]

    def want(name: str) -> bool:
        if not only:
            return True
        exact = [o for o in only if o.startswith("=")]
        return name in [o[1:] for o in exact] or any(
            o in name for o in only if not o.startswith("="))

    def group(name: str, calls: list[Callable[[], object]]) -> None:
        if want(name):
            results[name] = [t for call in calls for t in timed(call, 1)]

    boxes = [city_box(c, min(20, c[3] / 1000)) for c in threat_data.CITIES]
    group("heatmap, city bbox, resolution 8", [
        in_session(lambda s, box=(boxes[k % len(boxes)] if k % 2 else city_box(lagos, 20)):
                   heatmap(s, bbox=box, resolution=8, window=window)) for k in range(100)])

    points = query_points(rng, cols, 200)
    group("safety score, 500 m", [
        in_session(lambda s, lat=lat, lng=lng: safety_score(
            s, lat=lat, lng=lng, radius_m=None, at=None, window=window)) for lng, lat in points])

    def uncached(lat: float, lng: float) -> Callable[[], object]:
        def run() -> object:
            baseline_mod.clear_cache()
            return in_session(lambda s: safety_score(s, lat=lat, lng=lng, radius_m=None, at=None,
                                                     window=window))()
        return run

    group("safety score, 500 m, baseline not cached",
          [uncached(lat, lng) for lng, lat in points[:20]])
    group("danger zones, 5 km radius", [
        in_session(lambda s, lat=lat, lng=lng: danger_zones(
            s, area=Area(lat=lat, lng=lng, radius_m=5000), window=window))
        for lng, lat in points[:60]])
    group("analytics, 1 km radius", [
        in_session(lambda s, lat=lat, lng=lng: danger_analytics(
            s, lat=lat, lng=lng, radius_m=1000, window=window)) for lng, lat in points[:100]])
    paths = [route_path(rng) for _ in range(60)]
    group("route safety, 200-point path (~15 km)", [
        in_session(lambda s, req=RouteSafetyRequest(path=p): route_safety(
            s, request=req, window=window)) for p in paths])
    return results


# -- report ----------------------------------------------------------------------

START, END = "<!-- threat-bench:start -->", "<!-- threat-bench:end -->"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def report(n: int, load_s: float, ingest: dict[str, float], results: dict[str, list[float]],
           targets: dict[str, float], command: str) -> str:
    lines = [
        START, "## Threat intelligence (bench/threat_bench.py)", "",
        f"Command: `{command}`  ", f"Machine: {machine()}  ",
        f"Data: {n:,} seeded, clustered incidents over {threat_data.HISTORY_DAYS} days in "
        f"{len(threat_data.CITIES)} Nigerian cities (2 % drills), "
        + (f"bulk-loaded in {load_s:.0f} s; " if load_s else "loaded by an earlier run; ") +
        "queries use the default 90-day window. Times are wall-clock milliseconds of the "
        "domain call the API route makes (one read session each, no HTTP).", "",
        "| query | runs | p50 ms | p95 ms | target p95 |", "|---|---|---|---|---|",
    ]
    for name, values in results.items():
        target = f"< {targets[name]:.0f} ms" if name in targets else ""
        lines.append(f"| {name} | {len(values)} | {pct(values, 50):.1f} | {pct(values, 95):.1f} "
                     f"| {target} |")
    lines += [
        "", "Ingest through `create_incident` (one write transaction per incident, SQLite WAL, "
        f"on the {n:,}-row file), {ingest['rounds']} paired rounds of {ingest['per_round']} "
        f"incidents: median ms per incident with H3 indexing {ingest['with']:.2f}, without "
        f"{ingest['without']:.2f}; overhead (median of the rounds' ratios) "
        f"**{ingest['overhead'] * 100:+.1f} %** (target ≤ +20 %). \"Without\" is a copy of the "
        "file without the two threat covering indexes (the only indexes on H3 cells), writing "
        "zeros for the cells instead of computing them.", "",
        "Notes: scores, analytics, zones and routes compare with the baseline of the whole "
        "data set: one GROUP BY over the time index (the `baseline` row). It covers whole hours "
        "only, so it is computed once an hour per window and kept (a background task computes "
        "the default window's a minute at most after the hour turns); the `baseline not cached` "
        "row is what a request pays when it finds none. Load average during the run: "
        f"{os.getloadavg()[0]:.1f} (other work on the machine inflates every number).", END,
    ]
    return "\n".join(lines)


def write_report(text: str) -> Path:
    path = ROOT / "docs" / "PERFORMANCE.md"
    old = path.read_text() if path.exists() else "# Performance\n"
    if START in old and END in old:
        new = old[:old.index(START)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.parent.mkdir(exist_ok=True)
    path.write_text(new)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/sety_threat_bench.db")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--reuse", action="store_true", help="keep an existing loaded file")
    parser.add_argument("--no-report", action="store_true", help="print only")
    parser.add_argument("--only", action="append",
                        help="time only query groups whose name contains this, or is it "
                             "exactly with a leading '=' (repeatable); implies --skip-ingest")
    parser.add_argument("--skip-ingest", action="store_true", help="do not measure ingest")
    parser.add_argument("--cpu", action="store_true",
                        help="time with process CPU time instead of wall-clock (implies "
                             "--no-report)")
    args = parser.parse_args()

    clock.set_clock(clock.FrozenClock(threat_data.NOW))
    os.environ["SETY_DATABASE_URL"] = f"sqlite:///{args.db}"
    load_s = 0.0
    if not (args.reuse and os.path.exists(args.db)):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.db + suffix):
                os.remove(args.db + suffix)
        db_upgrade(f"sqlite:///{args.db}")
        start = time.perf_counter()
        threat_data.bulk_load(args.db, args.incidents, args.seed)
        load_s = time.perf_counter() - start
        print(f"loaded {args.incidents:,} incidents in {load_s:.0f} s", flush=True)
    db.configure(f"sqlite:///{args.db}")

    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
        args.no_report = True
    if args.only:
        args.skip_ingest = True
    if args.skip_ingest:
        args.no_report = True   # the report needs the ingest figures
    ingest = {} if args.skip_ingest else ingest_rates(args.db, rounds=10, per_round=100,
                                                      seed=args.seed)
    print(f"ingest ms/incident: {ingest}", flush=True)
    # Ingest wrote incidents "now": queries run a second later on the clock.
    clock.set_clock(clock.FrozenClock(threat_data.NOW + timedelta(seconds=1)))
    cols = threat_data.generate(args.incidents, args.seed)
    results = run_queries(args.seed, cols, args.only)
    targets = {"heatmap, city bbox, resolution 8": 100.0, "safety score, 500 m": 100.0,
               "route safety, 200-point path (~15 km)": 300.0}
    for name, values in results.items():
        print(f"{name:55s} n={len(values):4d} p50={pct(values, 50):7.1f} "
              f"p95={pct(values, 95):7.1f} ms", flush=True)
    if args.no_report:
        return
    command = "python bench/threat_bench.py" + (
        f" --incidents {args.incidents}" if args.incidents != 1_000_000 else "")
    text = report(args.incidents, load_s, ingest, results, targets, command)
    print(f"written to {write_report(text)}")


if __name__ == "__main__":
    main()
