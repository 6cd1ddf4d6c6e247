"""`newsfuse eval` end to end on a tiny data file."""
from __future__ import annotations

import gzip
import json

from typer.testing import CliRunner

from newsfuse.cli import app

DOCS = [
    "The storm reached the coast on Friday night. Thousands of homes lost power. "
    "Officials opened shelters in three towns. Schools will stay closed on Monday.",
    "Power was cut to thousands of homes as the storm hit the coast. "
    "Shelters opened in three towns, officials said. Roads were flooded near the river.",
]


def test_eval_cli_end_to_end(tmp_path):
    data = tmp_path / "tiny.jsonl.gz"
    with gzip.open(data, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "s1", "documents": DOCS, "summary": "A storm cut power to thousands; shelters opened."}) + "\n")
        f.write("not json at all\n")
        f.write(json.dumps({"id": "s2", "documents": " ||||| ".join(DOCS),
                            "summaries": ["Shelters opened in three towns.", "Roads flooded."]}) + "\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, [
        "eval", str(data), "--systems", "lead,lexrank,oracle,random",
        "--words", "20", "--out", str(out), "--no-progress",
    ])
    assert result.exit_code == 0, result.output
    assert "line 2" in result.stderr and "malformed JSON" in result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [r.split("|")[1].strip() for r in rows[1:]] == ["lead", "lexrank", "oracle", "random"]
    assert "2 clusters (1 bad lines skipped)" in (out / "results.md").read_text()
    scores = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    assert [s["id"] for s in scores] == ["s1", "s2"]
    assert set(scores[0]["systems"]) == {"lead", "lexrank", "oracle", "random"}
    assert 0 < scores[0]["systems"]["oracle"]["rouge1"] <= 100
    lead = [json.loads(line) for line in (out / "outputs" / "lead.jsonl").read_text().splitlines()]
    assert lead[0]["sentences"][0] == "The storm reached the coast on Friday night."
    assert sum(len(s.split()) for s in lead[0]["sentences"]) == 20
    summary = json.loads((out / "summary.json").read_text())
    assert summary["oracle"]["mean"]["rouge1"] >= summary["random"]["mean"]["rouge1"]


def test_eval_cli_rejects_unknown_system_and_missing_file(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"documents": DOCS, "summary": "x"}) + "\n")
    result = CliRunner().invoke(app, ["eval", str(data), "--systems", "lead,nope", "--no-progress"])
    assert result.exit_code == 2 and "nope" in result.stderr
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "missing.jsonl"), "--no-progress"])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_a_failing_system_is_reported_and_scored_empty(tmp_path, monkeypatch):
    from newsfuse.evaluate import systems

    def broken(story, words, seed):
        raise RuntimeError("boom")

    monkeypatch.setitem(systems.SYSTEMS, "lead", systems.System("lead", "broken for the test", broken))
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"id": "s1", "documents": DOCS, "summary": "Storm."}) + "\n")
    result = CliRunner().invoke(app, ["eval", str(data), "--systems", "lead,random", "--no-progress", "--words", "15"])
    assert result.exit_code == 0, result.output
    assert "lead failed on 1 cluster(s)" in result.stderr and "RuntimeError: boom" in result.stderr
    lead_row = next(line for line in result.stdout.splitlines() if line.startswith("| lead "))
    assert "0.00 [0.00, 0.00]" in lead_row
