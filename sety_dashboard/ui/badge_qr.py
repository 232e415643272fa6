"""Visitor badges' QR codes: made on the server with segno (no request
leaves the building, nothing downloads at run time) as an SVG data URI an
<img> shows and a printer prints sharply at any size."""

from __future__ import annotations

import segno


def qr_svg_data_uri(text: str) -> str:
    """`text` as a QR code (error correction M: a badge gets scuffed)."""
    return segno.make(text, error="m").svg_data_uri(scale=6, border=2, dark="#000",
                                                    light="#fff")
