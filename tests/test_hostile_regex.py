"""Every regular expression of newsfuse scans hostile runs in linear time (issue 21, finding 1).

An article of 60,000 dashes froze the server for ~50 s: ``segment._has_words``
used ``\\S*?[^\\W\\d_]\\S*``, which from every character of a run without letters
scans to the run's end (quadratic). These tests find every pattern in ``src/``
-- compiled ones at module or class level (by importing every module) and the
string literals handed to ``re.sub``/``re.search``/... (by reading the source)
-- and run each over long runs of dashes, spaces, dots, digits, quotes and the
like. A scan is linear when 10 times the input costs clearly less than 100
times as much: the check compares the two costs with a wide margin (30x plus
50 ms), and a pattern that scans the long run in under 50 ms passes at once,
so machine load cannot make it fail; a quadratic scan costs ~100x.
"""
from __future__ import annotations

import ast
import functools
import importlib
import pkgutil
import re
import time
from pathlib import Path

import newsfuse

SRC = Path(newsfuse.__file__).parent
SMALL, BIG = 400, 4_000
QUICK_S = 0.05  # a scan of the long run faster than this cannot be quadratic in it
UNITS = ["-", " ", ".", "0", "'", '"', "`", "_", "*", "—", "“", ",", "(", "<", "&", "/", "\n", " \n", "a", "A",
         "a ", "A.", "1.", ". ", "- ", "''", "a-", "A ", "\u00a0", "x@"]
ENDS = ["", "\x01", "a"]


@functools.cache
def _compiled_patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(newsfuse.__path__, "newsfuse."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            scopes = [(name, value)]
            if isinstance(value, type) and value.__module__ == module.__name__:
                scopes = [(f"{name}.{k}", v) for k, v in vars(value).items()]
            for label, obj in scopes:
                if isinstance(obj, re.Pattern):
                    found[f"{info.name}.{label}"] = obj
    return found


@functools.cache
def _literal_patterns() -> dict[str, re.Pattern]:
    """String literals given to re.<function>(...) anywhere in src/ (inside functions too)."""
    found: dict[str, re.Pattern] = {}
    names = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                flags = 0
                for kw in node.keywords:
                    if kw.arg == "flags":
                        flags = eval(compile(ast.Expression(kw.value), "<flags>", "eval"), {"re": re})
                found[f"{path.relative_to(SRC)}:{node.lineno}"] = re.compile(node.args[0].value, flags)
    return found


def _scan(pattern: re.Pattern, text: str) -> float:
    if isinstance(pattern.pattern, bytes):
        text = text.encode("utf-8")
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    pattern.match(text)
    return time.perf_counter() - start


def _costs(pattern: re.Pattern, text: str, small: int, big: int) -> tuple[float, float]:
    unit, end = text
    small_text = unit * (small // len(unit)) + end
    big_text = unit * (big // len(unit)) + end
    return min(_scan(pattern, small_text) for _ in range(3)), min(_scan(pattern, big_text) for _ in range(2))


def _superlinear(pattern: re.Pattern, enough: int = 3, confirm: bool = True) -> list[str]:
    """Up to ``enough`` hostile runs on which ``pattern`` scans in more than linear time. With
    ``confirm``, a run flagged at 400/4,000 characters is measured again at 1,600/16,000 and kept
    only if it is superlinear there too (a linear scan whose cost per character still grows at
    small sizes, or a busy machine, can look superlinear once; a quadratic one stays so)."""
    slow: list[str] = []
    for unit in UNITS:
        for end in ENDS:
            if _scan(pattern, unit * (BIG // len(unit)) + end) < QUICK_S:
                continue
            sizes = [(SMALL, BIG)] + ([(4 * SMALL, 4 * BIG)] if confirm else [])
            for small_n, big_n in sizes:
                small, big = _costs(pattern, (unit, end), small_n, big_n)
                if big <= 30 * small + QUICK_S:
                    break
            else:
                slow.append(f"{unit * 3!r}...{end!r}: {small * 1000:.1f} ms for {small_n:,} chars, "
                            f"{big * 1000:.1f} ms for {big_n:,}")
                if len(slow) >= enough:
                    return slow
    return slow


def test_the_audit_finds_the_patterns():
    compiled, literal = _compiled_patterns(), _literal_patterns()
    assert "newsfuse.text.tokens.LETTER_TOKEN" in compiled and "newsfuse.segment.DATELINE" in compiled
    assert len(compiled) > 50 and len(literal) > 5


def test_every_pattern_in_src_is_linear_on_hostile_runs():
    failures = {}
    for name, pattern in {**_compiled_patterns(), **_literal_patterns()}.items():
        slow = _superlinear(pattern)
        if slow:
            failures[name] = slow
    assert not failures, failures


def test_the_old_letter_word_pattern_is_caught():
    """The check itself tells a quadratic scan: the pattern before the fix fails it."""
    assert _superlinear(re.compile(r"\S*?[^\W\d_]\S*"), enough=1, confirm=False)


def test_segment_of_a_long_run_without_letters_is_fast_and_keeps_the_words():
    from newsfuse.segment import _has_words, segment_text

    text = "The bridge reopened on Monday.\n\n" + "-" * 60_000 + "\n\nTraffic was back to normal by noon."
    spans = [text[s:e] for _, s, e in segment_text(text)]
    assert spans == ["The bridge reopened on Monday.", "Traffic was back to normal by noon."]
    assert _has_words("a-b 12 c_d e") and not _has_words("-- 12 __ a")
    assert _has_words("«Où» va-t-il demain") and not _has_words("1. 2. 3.")
