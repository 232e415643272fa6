"""Is a path where Sety has data at all? A guard against swapped coordinates.

A phone map copies "latitude, longitude"; the API takes [longitude,
latitude]. Pasted the wrong way round, a Lagos street (6.5° N, 3.4° E)
becomes a point in the Gulf of Guinea (3.4° N, 6.5° E), where no incident
was ever recorded, and would be scored 100, "very safe". A path is
suspicious when no incident of the window lies in the resolution-5 cells
(edge ≈ 9 km) around any point of it, two rings out (≈ 30–40 km), and no
safe zone is within that distance either. Then the route says so instead of
calling the place safe.
"""

from __future__ import annotations

import h3.api.basic_int as h3i
import numpy as np
from sqlalchemy.orm import Session

from sety_dashboard.domain.threat.baseline import COARSE_RES, Baseline
from sety_dashboard.domain.threat.polyline import Polyline
from sety_dashboard.domain.threat.safe_zones import safe_zones_near_line

RINGS = 2
SAMPLE_M = 5_000.0       # under one resolution-5 cell edge: no cell is skipped
FAR_M = 30_000.0         # safe zones within this distance count as "known"


def far_from_known_data(session: Session, line: Polyline, base: Baseline) -> bool:
    """True when neither an incident (in the baseline's window) nor a safe
    zone is anywhere near the path."""
    cells = set()
    for s in np.append(np.arange(0.0, line.length_m, SAMPLE_M), line.length_m):
        lng, lat = line.point_at(float(s))
        cells.update(h3i.grid_disk(h3i.latlng_to_cell(lat, lng, COARSE_RES), RINGS))
    if cells & base.occupied_r5:
        return False
    return not safe_zones_near_line(session, line, FAR_M)
