"""The consent log: append-only, hash-chained, verifiable, purged on schedule."""

import datetime
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from newsdesk.consent import chain
from newsdesk.consent.models import GENESIS_HASH, ChainHead, ConsentRecord
from newsdesk.consent.tests.helpers import record

pytestmark = pytest.mark.django_db


def test_each_record_links_to_the_previous_one_and_the_chain_verifies():
    first, second, third = record(), record(action="reject_all", granted=[]), record()

    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert first.hash == chain.record_hash(ConsentRecord.objects.get(pk=first.pk))
    result = chain.verify()
    assert result.ok and result.checked == 3 and result.head_hash == third.hash


def test_a_record_stores_what_proof_of_consent_needs_and_no_more():
    saved = record(ip="203.0.113.77", granted=["advertisement", "analytics"])
    stored = ConsentRecord.objects.get(pk=saved.pk)
    assert stored.ip == "203.0.113.0/24" and stored.browser == "Firefox"
    assert stored.granted == "analytics advertisement"
    assert stored.denied == "functional performance"
    assert record(ip="2001:db8:5:6::1").ip == "2001:db8:5::/48"


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_changed_record_is_detected():
    _first, second, _third = record(), record(), record()
    _raw("UPDATE consent_consentrecord SET granted = %s WHERE id = %s",
         ["functional analytics performance advertisement", second.pk])

    result = chain.verify()

    assert result.problems == [
        f"record {second.pk}: its contents were changed after it was written"
    ]


def test_a_removed_record_is_detected_in_the_middle_and_at_the_end():
    first, second, third = record(), record(), record()
    _raw("DELETE FROM consent_consentrecord WHERE id = %s", [second.pk])
    assert chain.verify().problems == [
        f"record {third.pk}: does not follow record {first.pk}: records are missing or were "
        "inserted in between"
    ]
    _raw("DELETE FROM consent_consentrecord WHERE id = %s", [third.pk])
    assert "records were removed from the end" in chain.verify().problems[0]


def test_a_record_rewritten_with_a_fresh_hash_still_breaks_the_next_link():
    _first, second, third = record(), record(), record()
    forged = ConsentRecord.objects.get(pk=second.pk)
    forged.granted = "advertisement"
    _raw("UPDATE consent_consentrecord SET granted = %s, hash = %s WHERE id = %s",
         ["advertisement", chain.record_hash(forged), second.pk])

    assert chain.verify().problems == [
        f"record {third.pk}: does not follow record {second.pk}: records are missing or were "
        "inserted in between"
    ]


def test_records_cannot_be_changed_or_deleted_through_the_orm():
    saved = record()
    with pytest.raises(TypeError):
        saved.save()
    with pytest.raises(TypeError):
        saved.delete()
    with pytest.raises(TypeError):
        ConsentRecord.objects.filter(pk=saved.pk).update(granted="")
    with pytest.raises(TypeError):
        ConsentRecord.objects.all().delete()


def test_two_records_can_never_claim_the_same_predecessor():
    saved = record()
    twin = ConsentRecord(
        consent_id=saved.consent_id, action="custom", source="api", revision=1, regime="opt-in",
        language="en", previous_hash=saved.previous_hash, hash="f" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_purge_removes_records_past_retention_and_the_rest_still_verifies():
    long_ago = timezone.now() - datetime.timedelta(days=800)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        old = [record(), record()]
    recent = record()

    assert chain.purge_expired(24, dry_run=True) == 2
    assert ConsentRecord.objects.count() == 3
    assert chain.purge_expired(24) == 2

    assert list(ConsentRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    head = ChainHead.objects.get(pk=1)
    assert head.purged_count == 2 and head.purged_through_hash == old[1].hash
    assert chain.verify().ok
    assert chain.purge_expired(24) == 0
    _raw("DELETE FROM consent_consentrecord WHERE id = %s", [recent.pk])
    assert not chain.verify().ok, "removing what the purge did not remove is still detected"


def test_the_worker_purges_records_past_retention_once_a_day():
    from newsdesk.consent import jobs as consent_jobs

    with mock.patch("django.utils.timezone.now",
                    return_value=timezone.now() - datetime.timedelta(days=800)):
        record()
    record()
    assert consent_jobs.retention_purge.call_local() == 1
    assert ConsentRecord.objects.count() == 1 and chain.verify().ok
    schedule = consent_jobs.retention_purge.task_class().validate_datetime
    assert schedule(datetime.datetime(2026, 5, 4, 3, 25))
    assert not schedule(datetime.datetime(2026, 5, 4, 4, 25))
