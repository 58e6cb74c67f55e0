"""The participation demo content (`ckan egovuz-participation demo`)."""

from ckanext.egovuz.participation.demo import FAQ, PROPOSALS, load_demo

from .conftest import act


def test_demo_content_once(roles):
    assert "6 proposals" in load_demo()
    assert len(act("egovuz_faq_list", None, lang="ru")) == len(FAQ)
    popular = act("egovuz_proposal_popular", None, limit=5)
    assert [p["votes"] for p in popular] == sorted(
        (v for _, _, s, v in PROPOSALS if s == "voting"), reverse=True
    )
    assert act("egovuz_proposal_list", None, state="rejected")["results"][0]["reject_reason"]
    assert load_demo() == "participation demo: already there"
