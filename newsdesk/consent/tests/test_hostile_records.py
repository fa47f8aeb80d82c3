"""The consent record endpoint under random and adversarial requests.

Whatever arrives (any JSON, near-JSON, raw bytes, wrong types, wrong content
types, odd headers), the answer is a 201 for a valid record, which is then in
the chain, or a 4xx whose JSON body says why. Never a 500.
"""

import json
import uuid

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from newsdesk.consent.models import ConsentRecord
from newsdesk.core.testing import (
    RAW_JSON_ATTACKS,
    assert_no_server_error,
    client,
    header_values,
    hostile_ids,
    hostile_json,
    hostile_json_bodies,
    hostile_text,
    http_settings,
)

pytestmark = pytest.mark.django_db

URL = "/api/consent/records/"
FIELDS = ["consent_id", "action", "source", "granted", "revision", "language", "page", "gpc"]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Each example is one more record from the same address.
    settings.CONSENT_RATE_LIMIT = 10**9


def valid_record():
    return {"consent_id": str(uuid.uuid4()), "action": "custom", "source": "centre",
            "granted": ["analytics"], "revision": 1, "language": "en", "page": "/en/",
            "gpc": False}


# Other values each field may validly take.
VALID = {
    "consent_id": [str(uuid.UUID(int=0)), str(uuid.UUID(int=2**128 - 1))],
    "action": ["custom"], "source": ["banner", "centre"],
    "granted": [[], ["functional", "performance", "analytics"]], "revision": [1],
    "language": ["en", "zh-hans"], "page": ["/", "/zh-hans/2026/01/a-b/?x=1#y"], "gpc": [True],
}


def hostile_value(name):
    """A value for one field of an otherwise valid record: odd, wrong or valid."""
    return st.one_of(hostile_text(max_size=600), hostile_ids(), hostile_json(max_leaves=5),
                     st.lists(st.sampled_from(["analytics", "functional", "performance",
                                               "advertisement", "necessary", "x"]), max_size=6),
                     st.sampled_from(VALID[name]))


def records_with_one_bad_field():
    return st.sampled_from(FIELDS).flatmap(
        lambda name: st.tuples(st.just(name), hostile_value(name), st.booleans())
    ).map(_spoil)


def _spoil(change):
    name, value, remove = change
    record = valid_record()
    if remove:
        record.pop(name)
    else:
        record[name] = value
    return json.dumps(record).encode()


def assert_refused_with_a_reason(response):
    assert 400 <= response.status_code < 500, response.content[:300]
    reason = response.json()["error"]
    assert isinstance(reason, str) and reason.strip()


@http_settings
@given(body=st.one_of(hostile_json_bodies(), records_with_one_bad_field(),
                     records_with_one_bad_field()),
       content_type=st.one_of(st.just("application/json"), st.sampled_from([
           "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
           "multipart/form-data; boundary=x", "", "application/JSON"])),
       headers=st.fixed_dictionaries({}, optional={
           "HTTP_USER_AGENT": header_values(),
           "HTTP_SEC_GPC": header_values(max_size=10),
           "HTTP_X_FORWARDED_FOR": header_values(max_size=60),
       }))
@example(body=b"[" * 1500, content_type="application/json", headers={})
@example(body=_spoil(("page", "/\ud800", False)), content_type="application/json", headers={})
def test_any_request_is_recorded_or_refused_with_a_reason_never_a_server_error(
        body, content_type, headers):
    """Valid records are stored (201, in the chain); everything else is a 4xx with a reason."""
    before = ConsentRecord.objects.count()
    response = client().post(URL, body, content_type=content_type,
                             HTTP_ORIGIN="http://testserver", **headers)
    assert_no_server_error(response)
    event(f"answered {response.status_code}")
    if response.status_code == 201:
        saved = ConsentRecord.objects.get(pk=response.json()["id"])
        assert saved.hash == response.json()["hash"]
        assert ConsentRecord.objects.count() == before + 1
    else:
        assert_refused_with_a_reason(response)
        assert ConsentRecord.objects.count() == before


@http_settings
@given(record=st.fixed_dictionaries({
    "consent_id": st.uuids().map(str), "action": st.sampled_from(["custom"]),
    "source": st.sampled_from(["banner", "centre"]),
    "granted": st.lists(st.sampled_from(["analytics", "functional", "performance"]),
                        unique=True),
    "revision": st.just(1), "language": st.sampled_from(["en", "zh-hans"]),
    "page": hostile_text(max_size=499).map(lambda text: "/" + text.lstrip("/")),
    "gpc": st.booleans(),
}))
def test_records_from_any_page_of_the_site_are_kept_exactly(record):
    """A page path with any printable text is accepted and stored as sent, or refused."""
    response = client().post(URL, json.dumps(record), content_type="application/json",
                             HTTP_ORIGIN="http://testserver")
    assert_no_server_error(response)
    if response.status_code == 201:
        assert ConsentRecord.objects.get(pk=response.json()["id"]).page == record["page"]
    else:
        assert_refused_with_a_reason(response)
        assert any(ord(char) < 32 for char in record["page"]) or \
            record["page"].startswith("//") or len(record["page"]) > 500


# Lengths that are no number, or too large to read (the test client cannot lie about a
# length it then has to deliver).
@pytest.mark.parametrize("length", ["abc", "1e3", "0x10", "9" * 30])
def test_a_content_length_that_is_no_number_or_too_large_is_refused(length):
    response = client().post(URL, json.dumps(valid_record()), content_type="application/json",
                             HTTP_ORIGIN="http://testserver", CONTENT_LENGTH=length)
    assert_refused_with_a_reason(response)


@pytest.mark.parametrize("body", RAW_JSON_ATTACKS, ids=range(len(RAW_JSON_ATTACKS)))
def test_each_known_json_attack_is_refused_with_a_reason(body):
    response = client().post(URL, body, content_type="application/json",
                             HTTP_ORIGIN="http://testserver")
    assert_refused_with_a_reason(response)
