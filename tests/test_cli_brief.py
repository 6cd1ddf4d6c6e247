"""`newsfuse brief` on the example, with bad inputs, and as a real subprocess."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsfuse
from newsfuse.cli import app
from newsfuse.render import render

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, ["brief", *args], input=input)


def test_markdown_brief_of_example(example_dir):
    result = run(str(example_dir))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# ")
    assert "## Sources" in out
    cited = {int(n) for n in __import__("re").findall(r"\[(\d)\]", out.split("## Sources")[0])}
    assert len(cited) >= 3
    assert result.stderr == ""


def test_json_brief_equals_python_api(example_dir):
    result = run(str(example_dir), "--format", "json", "--words", "120")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "newsfuse.brief/2"
    assert data["story"]["budget"] == 120
    assert result.stdout == render(newsfuse.brief([example_dir], words=120), "json")
    # and on its own terms: each sentence is verbatim in the bundled file of the source it names
    files = {p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in example_dir.iterdir()}
    origin = {src["number"]: Path(src["origin"]).name for src in data["sources"]}
    assert len(data["sources"]) == 5 and set(origin.values()) == set(files)
    assert data["sentences"]
    for sentence in data["sentences"]:
        assert " ".join(sentence["text"].split()) in files[origin[sentence["source"]]]
    assert data["story"]["words"] == sum(len(s["text"].split()) for s in data["sentences"]) <= 120


def test_html_to_output_file(example_dir, tmp_path):
    target = tmp_path / "brief.html"
    result = run(str(example_dir), "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert str(target) in result.stderr and result.stdout == ""
    missing = tmp_path / "no-such-dir" / "brief.html"
    result = run(str(example_dir), "-o", str(missing))
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_bad_inputs_are_reported_and_the_rest_summarized(example_dir, tmp_path):
    good = tmp_path / "good"
    shutil.copytree(example_dir, good)
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "noise.txt": bytes(range(128, 256)) * 40,  # not UTF-8, and no legacy encoding reads it cleanly
        "broken.jsonl": b'{"text": "A fine sentence about the war in Syria goes here."}\n{"text": oops\n',
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a 50 MB file (sparse, so the test stays fast)
    empty_dir = tmp_path / "nothing-here"
    empty_dir.mkdir()
    inputs = [str(good)] + [str(tmp_path / n) for n in bad] + [str(huge), str(empty_dir)]

    result = run(*inputs, "--format", "json")
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    for name in ["empty.txt", "binary.txt", "noise.txt", "broken.jsonl", "huge.txt", "nothing-here"]:
        assert any(name in line for line in lines), (name, result.stderr)
    assert all(line.startswith("newsfuse brief: skipped ") for line in lines)
    data = json.loads(result.stdout)
    assert len({n for s in data["sentences"] for n in s["citations"]}) >= 3
    assert {Path(p["origin"]).name for p in data["problems"]} >= {"empty.txt", "huge.txt"}


def test_nothing_usable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.dat").write_bytes(b"\x00\x01\x02" * 100)
    result = run(str(tmp_path / "empty.txt"), str(tmp_path / "binary.dat"))
    assert result.exit_code == 1
    assert "nothing to summarize" in result.stderr
    assert "empty.txt" in result.stderr
    assert result.stdout == ""


def test_missing_path_and_bad_options(tmp_path):
    result = run(str(tmp_path / "does-not-exist"))
    assert result.exit_code == 1 and "does-not-exist" in result.stderr
    assert run(str(tmp_path), "--format", "pdf").exit_code == 2
    assert run(str(tmp_path), "--words", "0").exit_code == 2
    result = run(str(tmp_path), "--ranker", "bogus")
    assert result.exit_code == 2 and "unknown ranker" in result.stderr


def test_stdin_input(example_dir):
    text = next(example_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    result = run("-", "--words", "60", input=text)
    assert result.exit_code == 0, result.output
    assert "[1]" in result.stdout


def test_help_teaches_with_examples():
    result = runner.invoke(app, ["brief", "--help"])
    assert result.exit_code == 0
    for text in ("Examples", "--words", "--format", "--ranker", "--output", "newsfuse brief examples/deir-ez-zor/"):
        assert text in result.stdout, text


def test_real_subprocess(example_dir):
    exe = Path(sys.executable).with_name("newsfuse")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsfuse"]
    proc = subprocess.run(
        cmd + ["brief", str(example_dir), "--format", "json"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["sentences"] and len(data["sources"]) == 5


def test_every_input_format_together(example_dir, tmp_path):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(example_dir.glob("*.txt"))}
    (tmp_path / "a.txt").write_text(texts["000"], encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in texts["003"].split("\n\n") if p.strip())
    (tmp_path / "b.html").write_text(
        "<html><head><title>ISIS Shores Up Last Stronghold</title></head><body><article>"
        f"<h1>ISIS Shores Up Last Stronghold</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "c.json").write_text(
        json.dumps({"text": texts["002"], "title": "Syria forces near IS town", "url": "https://news.example.org/x"}),
        encoding="utf-8",
    )
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"text": texts["004"], "source": "Example Post", "published": "2017-06-08"}) + "\n",
        encoding="utf-8",
    )
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 4, result.stderr
    labels = {s["label"] for s in data["sources"]}
    assert "Example Post" in labels
    assert any("news.example.org" in label for label in labels)
    assert any(s["published"] == "2017-06-08" for s in data["sources"])
    assert len({n for s in data["sentences"] for n in s["citations"]}) >= 3
