"""H3 cells stored with each incident, so spatial queries use an index."""

from __future__ import annotations

import h3

HEATMAP_RESOLUTIONS = range(5, 12)  # 5..11, as the heatmap API offers
FINE_RESOLUTION = 11


def cells_for(lat: float, lng: float) -> dict[str, int]:
    """Column values `h3_r5` … `h3_r11` for one point."""
    fine = h3.latlng_to_cell(lat, lng, FINE_RESOLUTION)
    out = {f"h3_r{FINE_RESOLUTION}": h3.str_to_int(fine)}
    for res in HEATMAP_RESOLUTIONS:
        if res != FINE_RESOLUTION:
            out[f"h3_r{res}"] = h3.str_to_int(h3.cell_to_parent(fine, res))
    return out
