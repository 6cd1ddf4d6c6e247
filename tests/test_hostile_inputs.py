"""Hostile inputs (issue 11, classes 1 and 2): one bad input is named on stderr
and skipped while the rest goes on, in brief, stories, eval and train; output
files are written whole or not at all; work is bounded by budgets that say
what they cut. Every hostile input is generated here; budgets are shrunk with
monkeypatch so that each test takes well under a second or two."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.cli.output import OutputError, write_atomic
from newsfuse.ingest import Budget, ingest

runner = CliRunner()

STORM = ("A strong storm hit the northern coast of Brevia on Monday, officials said. "
         "Thousands of homes lost power as winds reached 120 kilometres an hour. "
         "Rescue teams were sent to the towns of Olm and Varra.")
STORM2 = ("The northern coast of Brevia was hit by a strong storm on Monday, officials said. "
          "Winds of 120 kilometres an hour cut power to thousands of homes. "
          "The harbour of Olm was closed.")
OLD = "OLD CONTENT, MUST SURVIVE\n"


def article(text=STORM, **meta) -> str:
    return json.dumps({"text": text, **meta})


def hostile_files(folder: Path) -> dict[str, str]:
    """Bad inputs of every kind, each file name -> the words its message must hold."""
    bad = {
        "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "bigint.json": ('{"text": "Storm words here.", "title": ' + "9" * 5000 + "}", "number too long"),
        "surrogate-text.json": ('{"text": "A storm \\ud800 hit the coast on Monday."}', "lone surrogate"),
        "surrogate-title.json": ('{"text": "A storm hit the coast on Monday, officials said.", "title": "\\udfff"}',
                                 "lone surrogate"),
        "nan.json": ('{"text": NaN}', "no 'text' field"),
    }
    for name, (content, _) in bad.items():
        (folder / name).write_text(content, encoding="utf-8")
    return {name: words for name, (_, words) in bad.items()}


@pytest.fixture
def story(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Storm hits Brevia coast\n\n" + STORM, encoding="utf-8")
    (folder / "b-good.json").write_text(article(STORM2, title="Brevia storm", source="Coast Herald"), encoding="utf-8")
    return folder


def test_brief_skips_each_bad_input_and_replaces_the_output_whole(story, tmp_path):
    expected = hostile_files(story)
    out = tmp_path / "brief.json"
    out.write_text(OLD)
    result = runner.invoke(app, ["brief", str(story), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for name, words in expected.items():
        line = next(ln for ln in result.stderr.splitlines() if name in ln)
        assert words in line and "skipped" in line
    data = json.loads(out.read_text(encoding="utf-8"))  # whole, valid, new
    assert {s["label"] for s in data["sources"]} == {"a-good", "Coast Herald"}
    assert "Traceback" not in result.output


def test_brief_with_only_bad_inputs_leaves_the_old_output_alone(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    hostile_files(folder)
    out = tmp_path / "brief.md"
    out.write_text(OLD)
    result = runner.invoke(app, ["brief", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "nothing to summarize" in result.stderr
    assert out.read_text() == OLD
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_brief_output_into_a_missing_folder_fails_before_any_work(story, tmp_path):
    target = tmp_path / "missing" / "brief.md"
    result = runner.invoke(app, ["brief", str(story), "-o", str(target)])
    assert result.exit_code == 1
    assert "no such directory" in result.stderr and str(target) in result.stderr
    assert not target.parent.exists()


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    out = tmp_path / "x.md"
    out.write_text(OLD)
    with pytest.raises(OutputError, match="not valid Unicode"):
        write_atomic(out, "half written \ud800 text")
    assert out.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]
    write_atomic(out, "new\n")
    assert out.read_text() == "new\n"


def test_jsonl_bad_lines_are_named_and_good_lines_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        "[" * 50_000 + "]" * 50_000,
        article(),
        '{"text": "x", "published": ' + "1" * 5000 + "}",
        '{"text": "A storm \\ud800 hit.", "title": "T"}',
        article(STORM2, url="http://[::1"),  # a malformed URL is only metadata: the article is kept
        "{not json",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest([path])
    assert [a.origin for a in result.articles] == [f"{path}:2", f"{path}:5"]
    reasons = [p.reason for p in result.problems]
    assert reasons[0].startswith("line 1: JSON nested too deeply")
    assert reasons[1].startswith("line 3: number too long (5,000 digits")
    assert reasons[2].startswith("line 4: not valid Unicode: lone surrogate \\ud800 in 'text'")
    assert reasons[3].startswith("line 6: malformed JSON")


def test_stories_skip_bad_inputs_and_malformed_urls(story, tmp_path):
    hostile_files(story)
    out = tmp_path / "stories.json"
    out.write_text(OLD)
    result = runner.invoke(app, ["stories", str(story), "http://[::1", "http://news.example:99999/feed", "-f", "json",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "http://[::1: malformed URL" in result.stderr
    assert "http://news.example:99999/feed: malformed URL" in result.stderr
    assert "deep.json: JSON nested too deeply" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["article_count"] == 2


def test_stories_output_is_checked_before_the_store_is_touched(story, tmp_path):
    db = tmp_path / "stories.db"
    result = runner.invoke(app, ["stories", str(story), "--db", str(db), "-o", str(tmp_path / "no" / "out.md")])
    assert result.exit_code == 1
    assert "no such directory" in result.stderr
    assert not db.exists()  # nothing stored, so a rerun stores the batch


def _eval_data(path: Path) -> None:
    good = {"documents": [STORM, STORM2], "summary": "A storm hit Brevia and cut power to thousands of homes."}
    lines = ["[" * 100_000 + "]" * 100_000, json.dumps({**good, "id": "g1"}),
             '{"id": ' + "7" * 5000 + ', "documents": ["a"], "summary": "b"}',
             '{"documents": ["A storm \\ud800 hit."], "summary": "storm"}', json.dumps({**good, "id": "g2"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_eval_skips_bad_lines_and_scores_the_rest(tmp_path):
    data = tmp_path / "val.jsonl"
    _eval_data(data)
    result = runner.invoke(app, ["eval", str(data), "--systems", "lead", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "line 1: JSON nested too deeply" in result.stderr
    assert "line 3: number too long" in result.stderr
    assert "line 4: not valid Unicode" in result.stderr
    assert "| lead |" in result.stdout


def test_train_refuses_an_existing_model_directory(tmp_path):
    data = tmp_path / "train.jsonl"
    _eval_data(data)
    out = tmp_path / "ranker-1"
    out.mkdir()
    (out / "model.joblib").write_text(OLD)
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(out), "--val-limit", "0"])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (out / "model.joblib").read_text() == OLD


def test_train_failure_leaves_no_half_written_model(tmp_path):
    data = tmp_path / "train.jsonl"
    data.write_text("[" * 100_000 + "]" * 100_000 + "\n{not json\n", encoding="utf-8")  # nothing usable
    out = tmp_path / "ranker-2"
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(out), "--val-limit", "0",
                                 "--validation", str(data)])
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [data]  # the staging folder is gone too


def test_closed_or_broken_stdout_gives_no_traceback(story):
    exe = [sys.executable, "-m", "newsfuse", "brief", str(story)]
    closed = subprocess.run(exe, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: os.close(1))
    assert "Traceback" not in closed.stderr
    assert closed.returncode == 1 and "stdout" in closed.stderr
    head = subprocess.run(" ".join(exe) + " | head -c 10", shell=True, capture_output=True, text=True)
    assert "Traceback" not in head.stderr and len(head.stdout) == 10


# ----------------------------------------------------------------- budgets
def test_run_budget_stops_a_stream_and_says_where(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for n in range(1000):
            fh.write(article(f"Report {n}: " + STORM) + "\n")
    result = ingest([path, tmp_path / "after.txt"], budget=Budget(max_articles=5))
    assert len(result.articles) == 5
    reasons = [(p.origin, p.reason) for p in result.problems]
    assert (str(path), "stopped reading at line 6: run budget of 5 articles reached (see docs/limits.md)") in reasons
    assert any(o.endswith("after.txt") and "not read" in r for o, r in reasons)


def test_character_budget_counts_text_after_decompression(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for _ in range(50):
            fh.write(article(STORM * 20) + "\n")
    result = ingest([path], budget=Budget(max_chars=len(STORM) * 20 * 3))
    assert len(result.articles) == 3
    assert "characters of text reached" in result.problems[-1].reason


def test_decompressed_size_and_line_count_are_capped(tmp_path, monkeypatch):
    from newsfuse.ingest import reading

    path = tmp_path / "newlines.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write((article() + "\n").encode())
        fh.write(b"\n" * 3_000_000)  # 3 MB of newlines; gzip makes it a few kB
    monkeypatch.setattr(reading, "MAX_STREAM_BYTES", 1_000_000)
    result = ingest([path])
    assert len(result.articles) == 1  # the good line before the flood is kept
    assert "MB after decompression" in result.problems[0].reason
    monkeypatch.setattr(reading, "MAX_STREAM_BYTES", 10**9)
    monkeypatch.setattr(reading, "MAX_LINES", 1000)
    result = ingest([path])
    assert len(result.articles) == 1 and "more than 1,000 lines" in result.problems[0].reason


def test_truncated_gzip_keeps_the_lines_before_the_damage(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress("".join(article(f"Report {n}. " + STORM) + "\n" for n in range(2000)).encode())
    path.write_bytes(data[: len(data) * 2 // 3])
    result = ingest([path])
    assert 100 < len(result.articles) < 2000
    assert "truncated or corrupt" in result.problems[-1].reason


def test_story_budget_names_the_articles_left_out(tmp_path, monkeypatch):
    from newsfuse import pipeline
    from newsfuse.ingest import budget

    monkeypatch.setattr(budget, "MAX_STORY_ARTICLES", 2)
    arts = ingest([_write(tmp_path, n) for n in range(4)]).articles
    brief = pipeline.build_brief(arts, words=60)
    assert len(brief.sources) == 2
    assert any("2 article(s) from" in p.origin and "at most 2 articles" in p.reason for p in brief.problems)


def test_sentence_budget_keeps_the_lead_of_every_article():
    from newsfuse.ingest.budget import limit_sentences

    class S:
        def __init__(self, article_id, n):
            self.article_id, self.n = article_id, n

    sentences = [S("a", n) for n in range(10)] + [S("b", n) for n in range(3)] + [S("c", n) for n in range(7)]
    kept, problems = limit_sentences(sentences, limit=10)
    # 3 each fits (3 + 3 + 3 = 9), 4 each does not (4 + 3 + 4 = 11); order kept
    assert [(s.article_id, s.n) for s in kept] == [(a, n) for a in "abc" for n in range(3)]
    assert "each article keeps its first" in problems[0].reason
    assert limit_sentences(sentences, limit=100) == (sentences, [])


def test_html_element_with_300000_attributes_parses_in_bounded_time():
    from newsfuse.ingest.formats import parse_html

    attrs = " ".join(f'a{i}="x"' for i in range(300_000))
    html = f"<html><head><title>Storm</title></head><body><article><p {attrs}>{STORM}</p><p>{STORM2}</p></article></body></html>"
    articles, problems = parse_html(html, "attrs.html", "attrs")
    assert problems == [] and "Olm" in articles[0].text


def _write(folder: Path, n: int) -> Path:
    path = folder / f"r{n}.txt"
    path.write_text(f"Report {n} on the storm\n\n" + (STORM if n % 2 else STORM2), encoding="utf-8")
    return path


def test_html_date_comes_from_metadata_not_from_a_year_in_the_text(tmp_path):
    body = ("<p>The conflict began in 2011 and has not stopped since, officials said on Monday in the capital.</p>"
            f"<p>{STORM}</p>")
    plain = tmp_path / "plain.html"
    plain.write_text(f"<html><head><title>Storm</title></head><body><article>{body}</article></body></html>")
    dated = tmp_path / "dated.html"
    dated.write_text('<html><head><meta property="article:published_time" content="2024-05-02T10:00:00Z">'
                     f"<title>Storm</title></head><body><article>{body}</article></body></html>")
    got = {a.origin: a.published for a in ingest([plain, dated]).articles}
    assert got == {str(plain): None, str(dated): "2024-05-02"}


def test_unspaced_scripts_are_named_language_not_supported(tmp_path):
    zh = tmp_path / "zh.txt"
    zh.write_text("北京时间周一，一场强烈的风暴袭击了北部海岸，官员们说。数千户家庭断电。" * 3, encoding="utf-8")
    ru = tmp_path / "ru.txt"
    ru.write_text("Сильный шторм обрушился на северное побережье в понедельник, заявили чиновники.", encoding="utf-8")
    result = ingest([zh, ru])
    assert [a.origin for a in result.articles] == [str(ru)]
    assert result.problems[0].origin == str(zh) and "language not supported" in result.problems[0].reason


def test_a_text_without_full_stops_gives_exit_1_not_an_empty_brief(tmp_path):
    path = tmp_path / "nostop.txt"
    path.write_text(" ".join(f"word{n % 997}" for n in range(20_000)), encoding="utf-8")
    out = tmp_path / "b.md"
    out.write_text(OLD)
    result = runner.invoke(app, ["brief", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "no sentence fits the budget of 250 words" in result.stderr
    assert out.read_text() == OLD


def test_a_file_name_that_is_not_utf8_is_named_and_the_output_written(story, tmp_path):
    bad_name = os.fsdecode(b"caf\xe9-\xff.txt")
    (story / bad_name).write_text("Cafe report\n\n" + STORM.replace("Monday", "Sunday"), encoding="utf-8")
    out = tmp_path / "b.json"
    result = runner.invoke(app, ["brief", str(story), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any("caf\\xe9-\\xff" in s["origin"] for s in data["sources"])


def test_brief_on_a_bomb_names_every_cut_and_still_writes_the_brief(tmp_path, monkeypatch):
    from newsfuse.ingest import budget

    monkeypatch.setattr(budget, "MAX_RUN_ARTICLES", 40)
    monkeypatch.setattr(budget, "MAX_STORY_ARTICLES", 6)
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wt", encoding="utf-8") as fh:
        for n in range(5000):
            fh.write(article((STORM, STORM2)[n % 2] + f" Report {n} was filed from Olm.", source=f"Outlet {n}") + "\n")
    out = tmp_path / "brief.json"
    result = runner.invoke(app, ["brief", str(bomb), str(tmp_path / "later.txt"), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "stopped reading at line 41: run budget of 40 articles reached" in result.stderr
    assert "later.txt: not read: run budget of 40 articles reached" in result.stderr
    assert "34 article(s) from" in result.stderr and "one brief reads at most 6 articles" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["label"] for s in data["sources"]] == [f"Outlet {n}" for n in range(6)]


def test_documents_per_cluster_are_capped_before_articles_are_built(tmp_path, monkeypatch):
    from newsfuse.ingest import formats

    monkeypatch.setattr(formats, "MAX_DOCUMENTS", 30)
    path = tmp_path / "cluster.jsonl"
    path.write_text(json.dumps({"id": "c", "documents": " ||||| ".join([STORM] * 500)}) + "\n" +
                    json.dumps({"id": "d", "documents": [STORM2] * 500}) + "\n", encoding="utf-8")
    result = ingest([path])
    assert len(result.articles) == 60
    assert [p.reason for p in result.problems] == [
        f"line {n}: document(s) after the first 30 left out: at most 30 documents are read from one file or cluster"
        for n in (1, 2)]


def test_eval_stops_at_a_flood_of_blank_lines(tmp_path, monkeypatch):
    from newsfuse.evaluate import data as eval_data

    from newsfuse.ingest import reading

    monkeypatch.setattr(reading, "MAX_LINES", 1000)
    path = tmp_path / "flood.jsonl.gz"
    good = {"documents": [STORM, STORM2], "summary": "A storm hit Brevia."}
    path.write_bytes(gzip.compress((json.dumps(good) + "\n").encode() + b"\n" * 1_000_000))
    items = list(eval_data.read_clusters(path))
    assert len([i for i in items if isinstance(i, eval_data.EvalCluster)]) == 1
    assert str(items[-1]) == "line 1001: stopped reading: more than 1,000 lines (see docs/limits.md)"


def test_eval_on_a_truncated_gzip_scores_what_it_read_then_exits_1(tmp_path):
    good = {"documents": [STORM, STORM2], "summary": "A storm hit Brevia and cut power to thousands of homes."}
    lines = "".join(json.dumps({**good, "id": f"c{n}", "documents": [f"Report {n}. " + STORM, STORM2]}) + "\n"
                    for n in range(400))
    packed = gzip.compress(lines.encode())
    data = tmp_path / "cut.jsonl.gz"
    data.write_bytes(packed[: len(packed) // 2])
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(data), "--systems", "lead", "--no-progress", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "| lead |" in result.stdout  # the clusters before the damage were scored and printed
    assert f"error: {data}: cannot read past cluster" in result.stderr
    scored = (out / "scores.jsonl").read_text().splitlines()
    assert 0 < len(scored) < 400
    assert "Incomplete" in (out / "results.md").read_text()


def test_eval_out_onto_an_existing_file_fails_before_scoring(tmp_path, monkeypatch):
    data = tmp_path / "val.jsonl"
    _eval_data(data)
    out = tmp_path / "results.md"
    out.write_text(OLD)
    from newsfuse.evaluate import harness

    def never(*args, **kwargs):
        raise AssertionError("scored before checking --out")

    monkeypatch.setattr(harness, "run_clusters", never)
    result = runner.invoke(app, ["eval", str(data), "--systems", "lead", "--no-progress", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"--out {out} is a file, not a directory" in result.stderr
    assert result.stdout == "" and out.read_text() == OLD
