"""Demo safe zones: police stations, hospitals, fire stations, security posts
and safe havens of Lagos and Abuja, near the demo's incident hot spots.

Positions are approximate (to a street or two); no phone numbers are given,
so nobody calls a made-up line from the demo.
"""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from sety_dashboard.domain.threat.models import SafeZone
from sety_dashboard.domain.threat.safe_zones import CreateSafeZoneRequest, create_safe_zone

# (name, kind, longitude, latitude, address, open day and night)
SAFE_ZONES = [
    # Lagos
    ("Area F Police Command, Ikeja", "police", 3.3421, 6.5962, "Ikeja, Lagos", True),
    ("Ikeja Police Division", "police", 3.3530, 6.6040, "Obafemi Awolowo Way, Ikeja", True),
    ("Oshodi Police Division", "police", 3.3440, 6.5570, "Oshodi, Lagos", True),
    ("Mushin Police Division", "police", 3.3530, 6.5300, "Mushin, Lagos", True),
    ("Yaba Police Division", "police", 3.3770, 6.5110, "Herbert Macaulay Way, Yaba", True),
    ("Surulere Police Division", "police", 3.3570, 6.4990, "Surulere, Lagos", True),
    ("Ikoyi Police Station", "police", 3.4340, 6.4520, "Ikoyi, Lagos", True),
    ("Bar Beach Police Station", "police", 3.4170, 6.4265, "Victoria Island, Lagos", True),
    ("Maroko Police Division, Lekki", "police", 3.4700, 6.4460, "Lekki Phase 1, Lagos", True),
    ("Ajegunle Police Division", "police", 3.3260, 6.4600, "Ajegunle, Lagos", True),
    ("Lagos State University Teaching Hospital", "hospital", 3.3460, 6.5930,
     "1-5 Oba Akinjobi Way, Ikeja", True),
    ("Lagos University Teaching Hospital", "hospital", 3.3550, 6.5180, "Idi-Araba, Surulere",
     True),
    ("Mushin General Hospital", "hospital", 3.3540, 6.5260, "Mushin, Lagos", True),
    ("Lagos Island General Hospital", "hospital", 3.3900, 6.4590, "Odan, Lagos Island", True),
    ("Reddington Hospital, Victoria Island", "hospital", 3.4210, 6.4300,
     "Idowu Martins Street, Victoria Island", True),
    ("Lekki Primary Health Centre", "hospital", 3.4780, 6.4470, "Lekki Phase 1, Lagos", False),
    ("Lagos State Fire Service Headquarters", "fire_station", 3.3580, 6.6180, "Alausa, Ikeja",
     True),
    ("Ikoyi Fire Station", "fire_station", 3.4300, 6.4470, "Ikoyi, Lagos", True),
    ("Lekki Fire Station", "fire_station", 3.4760, 6.4420, "Lekki, Lagos", True),
    ("Ikeja City Mall Security Post", "security_post", 3.3570, 6.6140, "Obafemi Awolowo Way, Ikeja",
     False),
    ("Yaba Market Security Post", "security_post", 3.3800, 6.5070, "Yaba, Lagos", False),
    ("The Palms Mall Safe Haven", "safe_haven", 3.4690, 6.4350, "Lekki, Lagos", False),
    # Abuja
    ("Force Headquarters, Louis Edet House", "police", 7.4930, 9.0430, "Area 11, Garki, Abuja",
     True),
    ("Wuse Police Division", "police", 7.4720, 9.0760, "Wuse II, Abuja", True),
    ("Maitama Police Division", "police", 7.4950, 9.0880, "Maitama, Abuja", True),
    ("Garki Police Division", "police", 7.4880, 9.0350, "Garki, Abuja", True),
    ("Nyanya Police Division", "police", 7.5650, 9.0130, "Nyanya, Abuja", True),
    ("Kubwa Police Division", "police", 7.3360, 9.1560, "Kubwa, Abuja", True),
    ("National Hospital Abuja", "hospital", 7.4690, 9.0410, "Central Business District, Abuja",
     True),
    ("Wuse General Hospital", "hospital", 7.4710, 9.0790, "Wuse, Abuja", True),
    ("Garki Hospital", "hospital", 7.4870, 9.0310, "Area 3, Garki, Abuja", True),
    ("Nyanya General Hospital", "hospital", 7.5620, 9.0160, "Nyanya, Abuja", True),
    ("Kubwa General Hospital", "hospital", 7.3400, 9.1530, "Kubwa, Abuja", True),
    ("FCT Fire Service, Garki", "fire_station", 7.4850, 9.0290, "Area 3, Garki, Abuja", True),
    ("Federal Fire Service, Wuse", "fire_station", 7.4660, 9.0720, "Wuse, Abuja", True),
    ("Jabi Lake Mall Safe Haven", "safe_haven", 7.4240, 9.0640, "Jabi, Abuja", False),
    ("Wuse Market Security Post", "security_post", 7.4690, 9.0690, "Wuse Market, Abuja", False),
]


def seed_threat_demo(session: Session, rng: random.Random) -> str:
    """Write the demo safe zones in `session` (those not there yet); a summary.

    `rng` decides the order they are written in, so ids differ between demo
    databases the way real ones would; the set of places is fixed.
    """
    existing = set(session.execute(select(SafeZone.name)).scalars())
    todo = [z for z in SAFE_ZONES if z[0] not in existing]
    rng.shuffle(todo)
    for name, kind, lng, lat, address, open_24h in todo:
        create_safe_zone(session, request=CreateSafeZoneRequest(
            name=name, kind=kind, location={"coordinates": [lng, lat], "address": address},
            open_24h=open_24h))
    return f"{len(todo)} safe zones in Lagos and Abuja"
