"""Real neighbourhoods of Lagos and Abuja used by the demo data set.

Each hot spot: (name, longitude, latitude, spread in degrees, weight). Weight
is how much of the city's incident volume it draws.
"""

from __future__ import annotations

LAGOS = [
    ("Ikeja, Lagos", 3.3515, 6.6018, 0.010, 5),
    ("Oshodi, Lagos", 3.3490, 6.5550, 0.008, 6),
    ("Yaba, Lagos", 3.3786, 6.5095, 0.007, 3),
    ("Surulere, Lagos", 3.3581, 6.4969, 0.009, 3),
    ("Victoria Island, Lagos", 3.4219, 6.4281, 0.008, 2),
    ("Lekki Phase 1, Lagos", 3.4746, 6.4478, 0.010, 2),
    ("Ikoyi, Lagos", 3.4360, 6.4550, 0.007, 1),
    ("Mushin, Lagos", 3.3547, 6.5273, 0.008, 4),
    ("Ajegunle, Lagos", 3.3250, 6.4580, 0.007, 3),
]
ABUJA = [
    ("Wuse II, Abuja", 7.4700, 9.0765, 0.008, 3),
    ("Garki, Abuja", 7.4891, 9.0336, 0.008, 2),
    ("Maitama, Abuja", 7.4951, 9.0882, 0.007, 1),
    ("Nyanya, Abuja", 7.5650, 9.0120, 0.010, 3),
    ("Kubwa, Abuja", 7.3370, 9.1550, 0.012, 2),
]
SITES = [
    # (site name as used by access logs, longitude, latitude, address)
    ("HQ", 3.4219, 6.4281, "Plot 1412 Ahmadu Bello Way, Victoria Island, Lagos"),
    ("Lagos Warehouse", 3.3490, 6.5550, "12 Oshodi-Apapa Expressway, Oshodi, Lagos"),
    ("Abuja Office", 7.4700, 9.0765, "27 Aminu Kano Crescent, Wuse II, Abuja"),
]
STREETS = ["Allen Avenue", "Awolowo Road", "Herbert Macaulay Way", "Adeola Odeku Street",
           "Admiralty Way", "Ikorodu Road", "Agege Motor Road", "Ademola Adetokunbo Crescent",
           "Aminu Kano Crescent", "Tafawa Balewa Way", "Ahmadu Bello Way", "Bode Thomas Street"]
LANDMARKS = ["Gate B — North entrance", "opposite the filling station", "by the bus stop",
             "near the pedestrian bridge", "behind the market", "car park, level 2", None, None]
FIRST_NAMES = ["Amaka", "Chidi", "Ngozi", "Tunde", "Bisi", "Emeka", "Zainab", "Ibrahim", "Funmi",
               "Segun", "Aisha", "Kelechi", "Yusuf", "Ifeoma", "Dayo", "Halima", "Obinna", "Kemi"]
LAST_NAMES = ["Obi", "Okeke", "Adeyemi", "Balogun", "Ibrahim", "Eze", "Bello", "Okafor",
              "Adebayo", "Musa", "Nwosu", "Abubakar", "Ogunleye", "Danjuma"]
RESPONDERS = [
    ("Unit 7 — Tunde", "security", "Patrol 7"), ("Unit 3 — Halima", "security", "Patrol 3"),
    ("Medic 2 — Dr. Eze", "medical", "Ambulance 2"), ("Medic 5 — Kemi", "medical", "Ambulance 5"),
    ("Engine 1 — Musa", "fire", "Fire Engine 1"), ("Unit 11 — Obinna", "security", "Patrol 11"),
    ("Unit 4 — Aisha", "security", "Abuja Patrol 4"), ("Medic 8 — Yusuf", "medical", "Abuja Ambulance 8"),
    ("Unit 9 — Segun", "security", "Patrol 9"), ("Engine 3 — Bello", "fire", "Abuja Fire Engine 3"),
]
