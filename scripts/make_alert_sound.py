"""Write assets/alert.wav: the dispatch board's new-incident chime.

Two short tones (880 Hz then 1320 Hz) with soft attack and decay, so the
sound is clear over room noise without being harsh. 16-bit mono, 22.05 kHz,
about 0.7 s. Run: python scripts/make_alert_sound.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
OUT = Path(__file__).resolve().parents[1] / "assets" / "alert.wav"
# Drills: a lower, falling pair of softer tones, so nobody mistakes one for a real SOS.
DRILL_OUT = OUT.with_name("alert_drill.wav")


def tone(freq: float, seconds: float, volume: float = 0.5) -> list[float]:
    n = int(RATE * seconds)
    attack, release = int(0.01 * RATE), int(0.12 * RATE)
    out = []
    for i in range(n):
        env = min(1.0, i / attack) * min(1.0, (n - i) / release)
        # A little of the octave above makes it carry better than a pure sine.
        s = math.sin(2 * math.pi * freq * i / RATE) + 0.3 * math.sin(4 * math.pi * freq * i / RATE)
        out.append(volume * env * s / 1.3)
    return out


def write(path: Path, samples: list[float]) -> None:
    path.parent.mkdir(exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 32767))
                               for s in samples))
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def main() -> None:
    write(OUT, tone(880, 0.28) + [0.0] * int(0.06 * RATE) + tone(1320, 0.36))
    write(DRILL_OUT, tone(523, 0.3, 0.35) + [0.0] * int(0.08 * RATE) + tone(392, 0.4, 0.35))


if __name__ == "__main__":
    main()
