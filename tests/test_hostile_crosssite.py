"""Issue 21, finding 11: another site cannot make the server build briefs with GETs.

A link followed from another site (``Sec-Fetch-Site: cross-site``/``same-site``, mode ``navigate``)
is answered, but makes nothing: the story page shows the brief only when it is already made (else a
page with a link that makes it when followed here); downloads, a report's page and the facts are
never made for it; another site's frames are refused. A real uvicorn server on 127.0.0.1 over a
real SQLite file; every request goes to loopback.
"""
from __future__ import annotations

import httpx
import pytest

from newsfuse.service import NewsService
from newsfuse.web import create_app
from newsfuse.web.app import served_hosts
from newsfuse.web.server import BackgroundServer

LINKED = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
OURS = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
TEXTS = [
    ("Harbour bridge reopens", "The harbour bridge reopened on Monday after two years of repairs, the council said. "
     "Engineers replaced the steel cables and the deck. The first buses crossed at dawn."),
    ("Bridge open again", "The harbour bridge reopened on Monday after repairs that lasted two years, the council "
     "said. Traffic was light in the morning. Shops near the bridge expect more customers."),
]


@pytest.fixture
def served(tmp_path):
    service = NewsService(tmp_path / "stories.db")
    outcome = service.add_objects([{"title": t, "text": x, "source": f"Paper {i}"} for i, (t, x) in enumerate(TEXTS)])
    story = outcome.articles[0]["story_id"]
    made = []
    real_prepare = service._prepare

    def counted(*args):  # every brief, report page and facts run starts by preparing the story
        if service._prepared.get(tuple(args)) is None:  # (story, version) not prepared yet: work
            made.append(args)
        return real_prepare(*args)

    service._prepare = counted
    app = create_app(service, allowed_hosts=served_hosts())
    with BackgroundServer(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield client, service, story, made
    service.close()


def test_a_link_from_another_site_shows_only_what_is_made(served):
    client, service, story, made = served
    for path in (f"/stories/{story}?words=77", f"/stories/{story}?words=78&facts=true",
                 f"/stories/{story}/brief.md?words=79", f"/stories/{story}/brief.json",
                 f"/stories/{story}/sources/1?start=0&end=10"):
        page = client.get(path, headers=LINKED)
        assert page.status_code == 200, path
        assert "Open it here" in page.text and "does not make briefs for other sites" in page.text, path
        assert f'href="{path.replace("&", "&amp;")}"' in page.text  # the same address, to follow from here
    assert made == [] and service.briefs_made == 0
    assert service._facts_worker is None  # no facts made in the background either
    # from this server's own page the brief is made; a link from elsewhere then shows it as made
    ours = client.get(f"/stories/{story}?words=77", headers=OURS)
    assert ours.status_code == 200 and "Open it here" not in ours.text
    assert len(made) == 1
    linked = client.get(f"/stories/{story}?words=77", headers=LINKED)
    assert linked.status_code == 200 and "Open it here" not in linked.text
    assert "harbour bridge reopened" in linked.text.lower()
    assert len(made) == 1
    # another length is another brief: not made for the other site
    assert "Open it here" in client.get(f"/stories/{story}?words=90", headers=LINKED).text
    assert len(made) == 1 and service.briefs_made == 1


@pytest.mark.parametrize("dest", ["iframe", "frame", "embed", "object"])
def test_another_sites_frames_get_nothing(served, dest):
    client, _, story, made = served
    r = client.get(f"/stories/{story}", headers={**LINKED, "Sec-Fetch-Dest": dest})
    assert r.status_code == 403 and "frames" in r.text
    assert made == []


def test_requests_without_fetch_metadata_and_typed_addresses_are_served(served):
    client, _, story, made = served
    assert "Open it here" not in client.get(f"/stories/{story}").text  # curl, scripts, old browsers
    typed = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert "Open it here" not in client.get(f"/stories/{story}?words=60", headers=typed).text
    assert len(made) >= 1
