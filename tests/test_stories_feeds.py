"""RSS and Atom feed files -> Articles; feed URLs that are not public are refused."""
from __future__ import annotations

import pytest

from newsfuse.stories.feeds import FeedError, check_public_host, read_feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coast Herald</title><link>https://herald.example.com/</link>
<item><title>Earthquake hits Valparaiso</title><link>https://herald.example.com/quake</link>
<guid>quake-1</guid><pubDate>Mon, 04 Sep 2017 10:00:00 GMT</pubDate>
<description>&lt;p&gt;A magnitude 7.8 earthquake struck &lt;b&gt;Valparaiso&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;A tsunami warning followed.&lt;/p&gt;</description>
</item>
<item><title>Rescue teams search rubble</title><link>https://herald.example.com/rescue</link>
<pubDate>Tue, 05 Sep 2017 08:30:00 +0200</pubDate><description>Rescue teams searched collapsed buildings.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tech Wire</title><id>urn:tw</id><updated>2024-05-02T09:00:00Z</updated>
<entry><title>Nokturn unveils the Lumen</title><id>urn:tw:1</id><link href="https://techwire.example.org/lumen"/>
<updated>2024-05-02T09:00:00Z</updated><published>2024-05-01T18:15:00Z</published><author><name>Ada Lind</name></author>
<content type="html">&lt;p&gt;Nokturn unveiled its foldable Lumen smartphone in Helsinki.&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_file(tmp_path):
    path = tmp_path / "herald.rss"
    path.write_text(RSS, encoding="utf-8")
    articles, problems = read_feeds([str(path)])
    assert problems == []
    assert [a.title for a in articles] == ["Earthquake hits Valparaiso", "Rescue teams search rubble"]
    first = articles[0]
    assert first.text == "A magnitude 7.8 earthquake struck Valparaiso.\n\nA tsunami warning followed."
    assert first.url == "https://herald.example.com/quake"
    assert first.published == "2017-09-04T10:00:00+00:00"
    assert articles[1].published == "2017-09-05T06:30:00+00:00"  # converted to UTC
    assert first.source == "Coast Herald"
    assert first.id != articles[1].id


def test_atom_file(tmp_path):
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    articles, problems = read_feeds([str(path)])
    assert problems == []
    (a,) = articles
    assert a.title == "Nokturn unveils the Lumen"
    assert a.text == "Nokturn unveiled its foldable Lumen smartphone in Helsinki."
    assert a.author == "Ada Lind"
    assert a.published == "2024-05-01T18:15:00+00:00"
    assert a.url == "https://techwire.example.org/lumen"


def test_bad_feed_files_are_skipped_with_a_reason(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text(ATOM, encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text("this is not a feed", encoding="utf-8")
    articles, problems = read_feeds([str(tmp_path / "missing.rss"), str(bad), str(good)])
    assert len(articles) == 1
    assert [p.origin for p in problems] == [str(tmp_path / "missing.rss"), str(bad)]
    assert "no such feed file" in problems[0].reason
    assert "feed" in problems[1].reason


@pytest.mark.parametrize("url", ["http://127.0.0.1/feed.xml", "http://localhost:8080/rss", "https://10.1.2.3/a.rss",
                                 "http://[::1]/feed", "http://169.254.169.254/latest"])
def test_private_and_loopback_urls_are_refused(url):
    with pytest.raises(FeedError, match="non-public address"):
        check_public_host(url)
    articles, problems = read_feeds([url])
    assert articles == [] and problems[0].origin == url and "non-public" in problems[0].reason


def test_url_without_host_is_refused():
    with pytest.raises(FeedError):
        check_public_host("http:///nohost")
