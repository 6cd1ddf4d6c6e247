from newsfuse.ingest import articles_from_texts, ingest


def test_example_dir_loads_five_articles(example_dir):
    result = ingest([example_dir])
    assert len(result.articles) == 5
    assert result.problems == []
    assert [a.source for a in result.articles][0].startswith("000")


def test_articles_from_texts_skips_empty():
    arts = articles_from_texts(["a b c", "", "d e f"])
    assert [a.text for a in arts] == ["a b c", "d e f"]
    assert len({a.id for a in arts}) == 2
