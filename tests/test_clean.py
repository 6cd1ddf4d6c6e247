from newsfuse.clean import clean
from newsfuse.ingest import ingest


def test_repeated_paragraphs_removed(example_dir):
    cleaned = clean(ingest([example_dir]).articles)
    first = cleaned[0]
    assert first.text.count("locked in a race") == 1
    assert all(r.reason for c in cleaned for r in c.removals)
