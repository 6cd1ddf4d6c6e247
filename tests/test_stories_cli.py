"""`newsfuse stories` end to end: files and feeds in, stories out, --db across two runs."""
from __future__ import annotations

import json
import subprocess
import sys

from test_stories_data import PHONE, QUAKE, TRANSFER
from typer.testing import CliRunner

from newsfuse.cli import app

RSS_ITEM = "<item><title>{title}</title><link>https://herald.example.com/{n}</link><pubDate>{date}</pubDate><description>{text}</description></item>"


def write_inputs(folder, texts, prefix):
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{prefix}{i}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def write_rss(path, entries):
    items = "".join(RSS_ITEM.format(n=n, title=t, date=d, text=x) for n, (t, d, x) in enumerate(entries))
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>{items}</channel></rss>',
                    encoding="utf-8")
    return path


def run(args):
    result = CliRunner().invoke(app, ["stories", *args])
    return result


def test_stories_from_files_and_feed_json(tmp_path):
    folder = write_inputs(tmp_path / "in", QUAKE[:2] + TRANSFER + PHONE, "a")
    feed = write_rss(tmp_path / "herald.rss", [("Valparaiso quake", "Mon, 04 Sep 2017 10:00:00 GMT", QUAKE[2])])
    result = run([str(folder), str(feed), "--format", "json", "--words", "60"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "newsfuse.stories/1"
    assert data["story_count"] == 3
    sizes = sorted(s["size"] for s in data["stories"])
    assert sizes == [3, 3, 3]
    quake = next(s for s in data["stories"] if any(a["source"] == "Herald" for a in s["articles"]))
    assert quake["first_published"] == "2017-09-04"
    assert quake["brief"]["sentences"], "each story gets a brief"
    assert all(s["text"] in QUAKE[0] + QUAKE[1] + QUAKE[2] for s in quake["brief"]["sentences"])


def test_db_across_two_runs_and_markdown(tmp_path):
    db = tmp_path / "stories.db"
    first = run([str(write_inputs(tmp_path / "one", QUAKE[:2] + TRANSFER[:2], "a")), "--db", str(db), "--no-brief"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("# 2 stories from 4 articles")
    second = run([str(write_inputs(tmp_path / "two", [QUAKE[2], QUAKE[0]] + PHONE, "b")), "--db", str(db),
                  "--format", "json", "--no-brief"])
    assert second.exit_code == 0, second.output
    data = json.loads(second.stdout)
    sizes = sorted(s["size"] for s in data["stories"])
    # the stored quake story grew to 3 articles plus b1, a copy of a0 under another name (listed, stored once);
    # the phone story is new; transfer untouched
    assert sizes == [3, 4]
    assert any("1 already stored" in n for n in data["notes"])
    assert "database" in data["notes"][0] and "8 articles, 3 stories" in data["notes"][0]


def test_bad_inputs_are_named_and_skipped(tmp_path):
    folder = write_inputs(tmp_path / "in", QUAKE, "a")
    result = run([str(folder), str(tmp_path / "missing.rss"), "http://127.0.0.1/feed", "--format", "html", "--no-brief"])
    assert result.exit_code == 0, result.output
    assert "missing.rss" in result.stderr and "127.0.0.1" in result.stderr
    assert result.stdout.startswith("<!doctype html>") and "1 stories from 3 articles" in result.stdout


def test_no_usable_input_exits_1(tmp_path):
    result = run([str(tmp_path / "nothing.rss")])
    assert result.exit_code == 1
    assert "no usable article" in result.stderr


def test_bad_options_are_usage_errors(tmp_path):
    assert run([str(tmp_path), "--format", "pdf"]).exit_code == 2
    assert run([str(tmp_path), "--engine", "flink"]).exit_code == 2
    assert run([str(tmp_path), "--engine", "spark", "--db", str(tmp_path / "x.db")]).exit_code == 2


def test_command_module_imports_no_heavy_library():
    code = "import sys, newsfuse.cli.stories; print(sorted(m for m in ('sklearn','pyspark','feedparser','scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_min_size_and_top(tmp_path):
    folder = write_inputs(tmp_path / "in", QUAKE + TRANSFER[:2] + PHONE[:1], "a")
    data = json.loads(run([str(folder), "--no-brief", "--format", "json", "--min-size", "2"]).stdout)
    assert [s["size"] for s in data["stories"]] == [3, 2]
    data = json.loads(run([str(folder), "--no-brief", "--format", "json", "--top", "1"]).stdout)
    assert [s["size"] for s in data["stories"]] == [3]
