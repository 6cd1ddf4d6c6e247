"""render/escape.py rule by rule: each refusal of link_url and each step of md_text on an input that
only that rule decides (written to kill the mutants `make mutate` found surviving)."""
from __future__ import annotations

import pytest

from newsfuse.render.escape import link_url, md_text, md_url

BASE = "http://news.example/"


@pytest.mark.parametrize("value", [12345, b"http://news.example/", ["http://news.example/"], None, ""])
def test_link_url_refuses_what_is_not_a_string(value):
    assert link_url(value) is None


def test_link_url_length_limit_is_4096_characters():
    exactly = BASE + "a" * (4096 - len(BASE))
    assert len(exactly) == 4096
    assert link_url(exactly) == exactly
    assert link_url(exactly + "a") is None


@pytest.mark.parametrize("url", [
    "http://news.example/a b",          # a space (would otherwise be percent-encoded and kept)
    "http://news.example/\x00x",        # NUL
    "http://news.example/x\x85",        # C1 control (NEL)
    "http://news.example/x\x7f",        # DEL
    "java\tscript://news.example/",     # browsers drop the tab and find javascript:
    "http://news.example/\ud800",       # a lone surrogate cannot be percent-encoded (found by the fuzz test)
    "http://news.example/\udfff?q",
])
def test_link_url_refuses_whitespace_and_control_characters(url):
    assert link_url(url) is None


@pytest.mark.parametrize("url", ["https://trusted.example\\@evil.example/", "http://news.example/a\\b"])
def test_link_url_refuses_a_backslash(url):
    # browsers read a backslash as a slash: "trusted.example\@evil.example" would go to evil.example
    assert link_url(url) is None


def test_link_url_keeps_port_user_and_brackets_in_the_host_part():
    assert link_url("http://news.example:8080/a") == "http://news.example:8080/a"
    assert link_url("http://reader@news.example/") == "http://reader@news.example/"
    assert link_url("http://[2001:db8::1]:8080/x") == "http://[2001:db8::1]:8080/x"


def test_link_url_keeps_the_fragment_readable():
    assert link_url("https://news.example/p#sec=1&b?c") == "https://news.example/p#sec=1&b?c"


def test_link_url_encodes_quotes_and_angle_brackets():
    assert link_url("http://news.example/it's") == "http://news.example/it%27s"
    assert link_url('http://news.example/"x"') == "http://news.example/%22x%22"
    assert link_url("http://news.example/<b>") == "http://news.example/%3Cb%3E"
    assert link_url("http://news.example/a?q=it's") == "http://news.example/a?q=it%27s"


def test_link_url_scheme_is_lower_cased_and_must_be_http():
    assert link_url("HTTPS://news.example/") == "https://news.example/"
    assert link_url("ftp://news.example/") is None
    assert link_url("http:///no-host") is None
    assert link_url("http://news.example:99999/") is None  # bad port


def test_md_text_folds_whitespace_to_single_spaces():
    assert md_text("a  b\n\tc ") == "a b c"


def test_md_text_escapes_a_leading_ordered_list_number():
    assert md_text("1. first") == "1\\. first"
    assert md_text("12) twelfth") == "12\\) twelfth"
    assert md_text("in 1. place") == "in 1. place"


def test_md_text_escapes_each_special_character_with_one_backslash():
    assert md_text("a*b_ c [d](e) <f> `g` |h|") == "a\\*b\\_ c \\[d\\](e) \\<f\\> \\`g\\` \\|h\\|"
    assert md_text("# title") == "\\# title"
    assert md_text("snake_case_name") == "snake_case_name"
    assert md_text("&amp; & x") == "\\&amp; & x"


def test_md_url_autolinks_only_safe_urls():
    assert md_url("http://news.example/it's") == "<http://news.example/it%27s>"
    assert md_url("javascript:alert(1)") == "javascript:alert(1)"
    assert md_url("<b>") == "\\<b\\>"
