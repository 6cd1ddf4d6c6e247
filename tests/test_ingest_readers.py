"""Ingest owns every input: one reader table for files, bytes in memory, stdin, URLs, feeds and OPML."""
from __future__ import annotations

import io
import json

from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.ingest import READERS, SUFFIXES, Budget, ingest, read_bytes, read_file
from newsfuse.ingest.feeds import MAX_OPML_FEEDS, FeedError, parse_opml
from newsfuse.ingest.readers import read_stdin, sniff

STORM = ("A storm hit the coast of Brevia on Monday, cutting power to 40,000 homes, officials said. "
         "Rescue crews worked through the night to clear roads near the port of Olm.")
STORM2 = ("Power was cut to 40,000 homes in Brevia when a storm struck the coast on Monday. "
          "The port of Olm closed and crews cleared fallen trees from the main roads.")
STORM3 = ("The storm that hit Brevia on Monday closed the port of Olm, the harbour master said. "
          "About 40,000 homes lost power and schools in the region stayed shut on Tuesday.")


def rss(*texts: str, title: str = "Brevia Herald") -> str:
    items = "".join(f"<item><title>Storm report {n}</title><link>https://herald.example/{n}</link>"
                    f"<guid>r{n}</guid><pubDate>Mon, 0{n + 1} Sep 2025 10:00:00 GMT</pubDate>"
                    f"<description>{t}</description></item>" for n, t in enumerate(texts))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def test_every_suffix_names_a_reader():
    assert set(SUFFIXES.values()) <= set(READERS)
    assert {SUFFIXES[s] for s in (".rss", ".atom", ".xml")} == {"feed"} and SUFFIXES[".opml"] == "opml"


def test_brief_of_a_feed_file(tmp_path):
    path = tmp_path / "herald.rss"
    path.write_text(rss(STORM, STORM2, STORM3), encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(path), "--format", "json", "--words", "60"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 3 and data["sentences"]
    assert {s["url"] for s in data["sources"]} == {f"https://herald.example/{n}" for n in range(3)}
    assert "unsupported" not in result.stderr


def test_bytes_in_memory_read_as_their_name_says():
    budget = Budget()
    arts, probs = read_bytes(rss(STORM, STORM2).encode(), "upload:wire.rss", budget)
    assert probs == [] and [a.title for a in arts] == ["Storm report 0", "Storm report 1"]
    assert arts[0].source == "Brevia Herald"
    lines = "\n".join(json.dumps({"text": t, "title": f"T{n}"}) for n, t in enumerate([STORM, STORM2])) + "\n{bad\n"
    arts, probs = read_bytes(lines.encode(), "upload:batch.jsonl", budget)
    assert [a.origin for a in arts] == ["upload:batch.jsonl:1", "upload:batch.jsonl:2"]
    assert [(p.origin, p.reason.split(":")[0]) for p in probs] == [("upload:batch.jsonl", "line 3")]
    assert budget.articles == 4  # one budget across the inputs
    arts, probs = read_bytes(b"Storm hits Brevia\n\n" + STORM.encode(), "notes.txt")
    assert arts[0].title == "Storm hits Brevia" and arts[0].source == "notes"
    assert read_bytes(b"x", "slides.pdf")[1][0].reason.startswith("unsupported file type '.pdf'")
    assert read_bytes(b"caf\xe9 au lait " * 10, "latin.txt")[0][0].text.startswith("caf\u00e9 au lait")  # Latin-1
    assert "not valid UTF-8" in read_bytes(bytes(range(128, 256)) * 4, "noise.txt")[1][0].reason


def test_uploads_are_read_in_memory_without_a_temporary_folder(monkeypatch):
    import tempfile

    from newsfuse.service import inputs

    def no_temp(*args, **kwargs):
        raise AssertionError("an upload was written to disk")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_temp)
    monkeypatch.setattr(tempfile, "mkdtemp", no_temp)
    arts, probs = inputs.from_files([("wire.rss", rss(STORM).encode()), ("../../etc/a.txt", STORM2.encode()),
                                     ("a.txt", STORM3.encode())])
    assert sorted(a.origin for a in arts) == ["upload:2-a.txt", "upload:a.txt", "upload:wire.rss#r0"]
    assert probs == []


def test_a_bad_feed_file_is_named_and_skipped_and_the_rest_is_read(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("this is not a feed", encoding="utf-8")
    good = tmp_path / "report.txt"
    good.write_text(STORM, encoding="utf-8")
    result = ingest([bad, good])
    assert [a.origin for a in result.articles] == [str(good)]
    assert [p.origin for p in result.problems] == [str(bad)] and "feed" in result.problems[0].reason


def test_stdin_feed_is_detected_from_its_content():
    assert sniff(rss(STORM)) == "feed" and sniff("<?xml version='1.0'?>\n<!-- x --><opml/>") == "opml"
    assert sniff("<html><body><p>x</p></body></html>") == "html" and sniff(STORM) == "text"
    arts, probs = read_stdin(io.BytesIO(rss(STORM, STORM2).encode()))
    assert probs == [] and len(arts) == 2 and arts[0].origin == "stdin#r0"


OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="World"><outline text="Herald" type="rss" xmlUrl="https://127.0.0.1/herald.rss"/>
<outline text="Wire" type="rss" xmlurl="http://10.0.0.5/wire.xml"/><outline text="dup" xmlUrl="https://127.0.0.1/herald.rss"/>
<outline text="local file" xmlUrl="file:///etc/passwd"/></outline></body></opml>"""


def test_opml_lists_its_http_feeds_once_each():
    assert parse_opml(OPML.encode(), "f.opml") == (["https://127.0.0.1/herald.rss", "http://10.0.0.5/wire.xml"], 0)
    many = "".join(f'<outline xmlUrl="https://feeds.example/{n}.rss"/>' for n in range(MAX_OPML_FEEDS + 7))
    urls, more = parse_opml(f"<opml><body>{many}</body></opml>", "big.opml")
    assert len(urls) == MAX_OPML_FEEDS and more == 7
    for bad in (b"<rss/>", b"not xml", b"<opml><body/></opml>"):
        try:
            parse_opml(bad, "x.opml")
        except FeedError:
            continue
        raise AssertionError(f"{bad!r} was taken for OPML")


def test_an_opml_file_reads_its_feeds_through_the_safe_fetcher(tmp_path):
    path = tmp_path / "subscriptions.opml"
    path.write_text(OPML, encoding="utf-8")
    arts, probs = read_file(path)
    assert arts == []
    assert [p.origin for p in probs] == ["https://127.0.0.1/herald.rss", "http://10.0.0.5/wire.xml"]
    assert all("non-public" in p.reason for p in probs)  # refused before any connection


def test_evaluation_data_is_read_with_ingest_limits(tmp_path, monkeypatch):
    from newsfuse.evaluate.data import DataProblem, EvalCluster, read_clusters
    from newsfuse.ingest import reading

    monkeypatch.setattr(reading, "MAX_LINE_BYTES", 2000)
    path = tmp_path / "val.jsonl"
    good = json.dumps({"id": "a", "documents": [STORM, STORM2], "summary": "A storm hit Brevia."})
    long = json.dumps({"id": "b", "documents": [STORM * 20], "summary": "x"})
    path.write_text(good + "\n" + long + "\n" + good.replace('"a"', '"c"') + "\n", encoding="utf-8")
    items = list(read_clusters(path))
    assert [i.id for i in items if isinstance(i, EvalCluster)] == ["a", "c"]
    assert [(p.line, p.reason) for p in items if isinstance(p, DataProblem)] == [(2, "line longer than 0 MB")]
