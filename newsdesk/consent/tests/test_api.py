"""The record endpoint and the regime endpoint."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from newsdesk.consent.models import ConsentPolicy, ConsentRecord

pytestmark = pytest.mark.django_db

URL = "/api/consent/records/"
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def body(**changes):
    data = {"consent_id": str(uuid.uuid4()), "action": "custom", "source": "centre",
            "granted": ["analytics"], "revision": 1, "language": "en", "page": "/en/", "gpc": False}
    return data | changes


def post(client, data, **headers):
    raw = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(URL, raw, content_type="application/json", **(SAME_ORIGIN | headers))


def test_a_choice_is_recorded_and_the_consent_cookie_set_from_it(client):
    data = body(granted=["functional", "analytics"])
    response = post(client, data, HTTP_USER_AGENT="Mozilla/5.0 Chrome/130.0 Safari/537.36",
                    REMOTE_ADDR="198.51.100.23")

    assert response.status_code == 201
    answer = response.json()
    assert answer["granted"] == ["functional", "analytics"]
    assert answer["denied"] == ["performance", "advertisement"] and answer["regime"] == "opt-in"
    record = ConsentRecord.objects.get(pk=answer["id"])
    assert str(record.consent_id) == data["consent_id"] and record.hash == answer["hash"]
    assert (record.ip, record.browser, record.page) == ("198.51.100.0/24", "Chrome", "/en/")
    cookie = response.cookies["newsdesk_consent"]
    assert cookie.value.startswith(f"id:{data['consent_id']}|rev:1|t:")
    assert cookie.value.endswith("|granted:functional+analytics|regime:opt-in|gpc:0")
    assert cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert cookie["max-age"] == 365 * 86400 and not cookie["httponly"] and not cookie["secure"]
    assert response["Cache-Control"] == "no-store"


@override_settings(NEWSDESK_BASE_URL="https://news.example.org", CONSENT_COOKIE_SECONDS=180 * 86400)
def test_the_cookie_is_secure_on_an_https_site_and_lives_as_configured(client):
    response = post(client, body(), HTTP_ORIGIN="https://news.example.org")
    cookie = response.cookies["newsdesk_consent"]
    assert cookie["secure"] and cookie["max-age"] == 180 * 86400


@pytest.mark.parametrize("data, reason", [
    ("not json", "the body is not JSON"),
    ("[1, 2]", "the body must be a JSON object"),
    (body(extra=1), "unknown fields: extra"),
    ({"action": "custom"}, "missing fields:"),
    (body(consent_id="1234"), "consent_id must be a UUID"),
    (body(consent_id=12), "consent_id must be a UUID"),
    (body(action="maybe"), "action must be one of"),
    (body(source="email"), "source must be one of"),
    (body(granted="analytics"), "granted must be a list"),
    (body(granted=["necessary"]), "granted has unknown categories: necessary"),
    (body(granted=["cookies", 3]), "granted must be a list of category names"),
    (body(granted=["analytics", "analytics"]), "granted lists a category twice"),
    (body(action="reject_all", granted=["analytics"]), "reject_all cannot grant"),
    (body(action="accept_all", granted=["analytics"]), "accept_all must grant every"),
    (body(revision=2), "revision must be a whole number from 1 to 1"),
    (body(revision="1"), "revision must be a whole number"),
    (body(revision=True), "revision must be a whole number"),
    (body(language="fr"), "language must be one of: en, zh-hans"),
    (body(page="https://evil.example/"), "page must be the path"),
    (body(page="//evil.example/"), "page must be the path"),
    (body(page="/" + "x" * 600), "page must be the path"),
    (body(page="/en/\n"), "page must be the path"),
    (body(gpc="yes"), "gpc must be true or false"),
])
def test_malformed_records_are_refused_with_a_reason(client, data, reason):
    response = post(client, data)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not ConsentRecord.objects.exists()
    assert "newsdesk_consent" not in response.cookies


def test_a_record_from_another_site_is_refused(client):
    response = post(client, body(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    cross = post(client, body(), HTTP_ORIGIN="", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
    same = post(client, body(), HTTP_ORIGIN="", HTTP_SEC_FETCH_SITE="same-origin")
    assert same.status_code == 201
    assert post(client, body(), HTTP_ORIGIN="http://127.0.0.1:8000").status_code == 201


def test_wrong_method_type_or_size_are_refused(client):
    wrong_method = client.get(URL)
    assert wrong_method.status_code == 405 and wrong_method["Allow"] == "POST"
    assert wrong_method.json()["error"] == "send consent records with POST"
    form = client.post(URL, {"action": "custom"}, **SAME_ORIGIN)
    assert form.status_code == 415 and "application/json" in form.json()["error"]
    big = post(client, json.dumps(body(page="/" + "x" * 3000)))
    assert big.status_code == 413


@override_settings(CONSENT_RATE_LIMIT=2)
def test_too_many_records_from_one_network_are_refused_for_a_while(client):
    assert post(client, body(), REMOTE_ADDR="192.0.2.1").status_code == 201
    assert post(client, body(), REMOTE_ADDR="192.0.2.200").status_code == 201
    refused = post(client, body(), REMOTE_ADDR="192.0.2.9")
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert post(client, body(), REMOTE_ADDR="192.0.3.1").status_code == 201


@override_settings(NEWSDESK_CLIENT_IP_HEADER="X-Forwarded-For",
                   NEWSDESK_TRUSTED_PROXIES=("127.0.0.1/32", "10.0.0.0/8"))
def test_behind_a_proxy_the_readers_address_comes_from_the_configured_header(client):
    response = post(client, body(), HTTP_X_FORWARDED_FOR="2001:db8:aa:bb::7, 10.0.0.1")
    assert ConsentRecord.objects.get(pk=response.json()["id"]).ip == "2001:db8:aa::/48"


def recorded_network(response):
    return ConsentRecord.objects.get(pk=response.json()["id"]).ip


def ten_posts(client, remote, forwarded):
    """Ten records, each naming another address of the client's choice in `forwarded`;
    (statuses, the networks the accepted ones recorded)."""
    responses = [post(client, body(), REMOTE_ADDR=remote,
                      HTTP_X_FORWARDED_FOR=forwarded.format(f"192.0.{number}.1"))
                 for number in range(10)]
    statuses = [response.status_code for response in responses]
    return statuses, {recorded_network(r) for r in responses if r.status_code == 201}


FORWARDING = {"CONSENT_RATE_LIMIT": 3, "NEWSDESK_CLIENT_IP_HEADER": "X-Forwarded-For",
              "NEWSDESK_TRUSTED_PROXIES": ("127.0.0.1/32",)}


@override_settings(**FORWARDING)
def test_a_forged_forwarding_header_sent_directly_is_not_believed(client):
    """A client that is no proxy writes its own X-Forwarded-For: its records keep the
    connection's network and the limit of 3 counts it, whatever address it names."""
    statuses, networks = ten_posts(client, "198.51.100.23", "{}")
    assert statuses == [201, 201, 201] + [429] * 7
    assert networks == {"198.51.100.0/24"}


@override_settings(**FORWARDING)
def test_a_forged_forwarding_header_through_a_trusted_proxy_is_read_from_the_right(client):
    """The proxy appends the address it saw; what the client prefixed is not believed."""
    statuses, networks = ten_posts(client, "127.0.0.1", "{}, 198.51.100.23")
    assert statuses == [201, 201, 201] + [429] * 7
    assert networks == {"198.51.100.0/24"}
    elsewhere = post(client, body(), REMOTE_ADDR="127.0.0.1",
                     HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    assert elsewhere.status_code == 201 and recorded_network(elsewhere) == "203.0.113.0/24"


@override_settings(**FORWARDING | {"NEWSDESK_TRUSTED_PROXIES": ()})
def test_without_a_trusted_proxy_no_header_is_believed_at_all(client):
    statuses, networks = ten_posts(client, "127.0.0.1", "{}, 198.51.100.23")
    assert statuses == [201, 201, 201] + [429] * 7
    assert networks == {"127.0.0.0/24"}


def test_a_gpc_signal_denies_advertisement_whatever_the_body_says(client):
    everything = ["functional", "analytics", "performance", "advertisement"]
    response = post(client, body(action="accept_all", granted=everything), HTTP_SEC_GPC="1")

    answer = response.json()
    assert answer["gpc"] is True and answer["denied"] == ["advertisement"]
    assert response.cookies["newsdesk_consent"].value.endswith(
        "|granted:functional+analytics+performance|regime:opt-in|gpc:1")


def test_an_earlier_revision_is_recorded_as_the_one_the_reader_saw(client):
    ConsentPolicy.objects.filter(pk=1).update(revision=3)
    assert post(client, body(revision=2)).json()["revision"] == 2
    assert post(client, body(revision=4)).status_code == 400


@override_settings(CONSENT_REGIME="by-country", CONSENT_COUNTRY_HEADER="CF-IPCountry",
                   CONSENT_OPT_OUT_COUNTRIES=["US", "CA"])
def test_the_regime_follows_the_trusted_country_header(client):
    assert client.get("/api/consent/regime/", HTTP_CF_IPCOUNTRY="us").json() == {
        "regime": "opt-out", "gpc": False}
    answer = client.get("/api/consent/regime/", HTTP_CF_IPCOUNTRY="DE", HTTP_SEC_GPC="1")
    assert answer.json() == {"regime": "opt-in", "gpc": True}
    assert answer["Cache-Control"] == "private, no-store"
    assert "CF-IPCountry" in answer["Vary"] and "Sec-GPC" in answer["Vary"]
    assert client.get("/api/consent/regime/").json()["regime"] == "opt-in"
    recorded = post(client, body(), HTTP_CF_IPCOUNTRY="CA")
    assert recorded.json()["regime"] == "opt-out"
    assert "|regime:opt-out|" in recorded.cookies["newsdesk_consent"].value


def test_refusals_are_given_in_the_readers_language(client):
    """JSON errors are translated like every other message (Accept-Language on /api/)."""
    wrong_method = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert wrong_method.json()["error"] == "请用 POST 发送同意记录"
    invalid = post(client, body(gpc="yes"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert invalid.status_code == 400 and invalid.json()["error"] == "gpc 必须是 true 或 false"
    assert post(client, body(gpc="yes")).json()["error"] == "gpc must be true or false"
