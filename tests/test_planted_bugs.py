"""Tests aimed at the bugs an audit planted (issue 20): each one fails when its rule is weakened."""
from __future__ import annotations

import math

import numpy as np
import pytest

from newsfuse.dedup.guard import differences, guard
from newsfuse.ingest.fetch import is_public_address, public_ip
from newsfuse.render.escape import link_url
from newsfuse.segment import Sentence
from newsfuse.stories.cluster import DEFAULT_THRESHOLD, GRACE_DAYS, Edges, merge
from newsfuse.text.reading import MIN_WORDS, context_need


# (a) link_url: only http/https become links
@pytest.mark.parametrize("url", [
    "javascript://host/%0Aalert(1)",
    "JavaScript://example.com/%0Aalert(document.cookie)",
    "data://host/text/html,<script>alert(1)</script>",
    "vbscript://host/msgbox",
    "ftp://example.com/file",
    "file://host/etc/passwd",
])
def test_link_url_refuses_other_schemes_even_with_a_host(url):
    assert link_url(url) is None


def test_link_url_keeps_http_and_https():
    assert link_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert link_url("HTTP://example.com/") == "http://example.com/"


# (b) the fetch address check: shared, multicast and other non-private specials are refused
@pytest.mark.parametrize("address", [
    "100.100.100.200",      # 100.64.0.0/10 shared address space (cloud metadata on some providers)
    "100.64.0.1",
    "224.0.0.1",            # multicast
    "239.255.255.250",
    "ff02::1",              # IPv6 multicast
    "240.0.0.1",            # reserved
    "255.255.255.255",
    "::ffff:100.100.100.200",
])
def test_address_check_refuses_non_private_specials(address):
    assert public_ip(address) is None
    assert is_public_address(address) is False


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_address_check_accepts_public_unicast(address):
    assert is_public_address(address) is True


# (c) the support guard's negation rule
AFFIRMED = "The council approved the new budget for the city schools on Monday."
DENIED = "The council did not approve the new budget for the city schools on Monday."


def test_differences_names_a_negation():
    assert "negation" in differences(AFFIRMED, DENIED)
    assert "negation" in differences("Officials said the dam never failed.", "Officials said the dam failed.")
    assert differences(AFFIRMED, AFFIRMED) == {}


def _sentence(sid: str, text: str) -> Sentence:
    return Sentence(id=sid, article_id=sid.split(":")[0], doc_index=0, index=0, paragraph=0,
                    text=text, start=0, end=len(text))


def test_guard_drops_support_between_a_claim_and_its_negation():
    a, b = _sentence("a:0", AFFIRMED), _sentence("b:0", DENIED)
    kept, dropped = guard([a, b], {"a:0": ("b:0",), "b:0": ("a:0",)})
    assert dropped == [("a:0", "b:0")]
    assert "b:0" not in kept.get("a:0", ())
    assert "a:0" not in kept.get("b:0", ())


# (d) readable: "said he" word order and the MIN_WORDS boundary
@pytest.mark.parametrize("text", [
    "The talks in the capital will resume next week, said he.",
    "Prices for bread and fuel rose again across the region, says she.",
    "The rescue teams worked through the night near the river, added they.",
])
def test_context_need_catches_said_he_word_order(text):
    assert context_need(text) == "he-said"


def test_context_need_min_words_boundary():
    exactly = "The council approved the new budget on Monday."
    assert len(exactly.split()) == MIN_WORDS == 8
    assert context_need(exactly) is None
    assert context_need("The council approved the budget on Monday.") == "short"


# (e) clustering measures the gap between date RANGES, not first dates
def test_long_story_joins_a_report_near_its_end():
    # rows 0 and 1 are one story running from day 0 to day 50 (longer than the grace);
    # row 2 (day 70) resembles both: 20 days after the story's last report, so no decay.
    sim = DEFAULT_THRESHOLD + 0.03
    edges = Edges(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.9, sim, sim], dtype=np.float32))
    days = np.array([0.0, 50.0, 70.0])
    assert 70.0 - 0.0 > GRACE_DAYS  # first dates are beyond the grace ...
    assert sim * math.exp(-(70.0 - GRACE_DAYS) / 90.0) < DEFAULT_THRESHOLD  # ... where decay would split it
    labels = merge(3, edges, days=days)
    assert labels.tolist() == [0, 0, 0]


def test_groups_far_apart_stay_apart():
    sim = DEFAULT_THRESHOLD + 0.03
    edges = Edges(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.9, sim, sim], dtype=np.float32))
    labels = merge(3, edges, days=np.array([0.0, 50.0, 130.0]))  # 80 days after the story's end
    assert labels.tolist() == [0, 0, 1]
