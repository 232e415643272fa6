"""Danger zone names from incident addresses (pure rules)."""

from __future__ import annotations

import pytest

from sety_dashboard.domain.threat.zone_names import locality, place_name


@pytest.mark.parametrize("address,expected", [
    ("12 Ikorodu Road, Oshodi", "Oshodi"),
    ("14 Bourdillon Road, Ikoyi, Lagos", "Ikoyi"),
    ("Plot 5, Admiralty Way, Lekki Phase 1, Lagos", "Lekki Phase 1"),
    ("12 Allen Avenue", "Allen Avenue"),
    ("No. 7 Broad Street", "Broad Street"),
    ("  ", None), (None, None), (",,", None),
])
def test_the_locality_of_an_address(address, expected):
    assert locality(address) == expected


def test_a_zone_is_named_after_its_most_common_place_and_shared_landmark():
    addresses = ["1 A Road, Oshodi", "2 B Road, Oshodi", "3 C Road, Mushin", "4 D Road, Oshodi"]
    landmarks = ["near the pedestrian bridge", "near the pedestrian bridge", None, "by the bus stop"]
    assert place_name(addresses, landmarks) == "Oshodi — near the pedestrian bridge"


def test_a_landmark_only_one_incident_names_is_left_out_and_ties_are_stable():
    assert place_name(["1 A, Yaba", "2 B, Ikeja"], ["by the gate", None]) == "Ikeja"
    assert place_name(["1 A, Yaba", "2 B, Ikeja"], [None, None]) == \
        place_name(["2 B, Ikeja", "1 A, Yaba"], [None, None])


def test_no_address_no_name():
    assert place_name([None, None], [None, None]) == ""
    assert place_name([None, None, None], ["behind the market"] * 3) == "behind the market"
