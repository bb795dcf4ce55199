"""config.static_storage.StaticStorage: the hashed URL of each static file, remembered."""

import json

import pytest
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.test import override_settings

from config.static_storage import DevStaticStorage, StaticStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"crm/a.css": "crm/a.0123abcd.css"}, "version": "1.1"})
    )
    with override_settings(DEBUG=False, STATIC_URL="/static/"):
        yield StaticStorage(location=str(tmp_path), base_url="/static/")


def test_a_url_is_the_manifests_and_is_remembered(storage, monkeypatch):
    assert storage.url("crm/a.css") == "/static/crm/a.0123abcd.css"
    monkeypatch.setattr(storage, "hashed_files", {})  # the memory answers, not the manifest
    assert storage.url("crm/a.css") == "/static/crm/a.0123abcd.css"


def test_a_file_missing_from_the_manifest_still_fails_loudly(storage):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("crm/missing.css")


def test_debug_links_the_unhashed_name_and_collectstatic_forgets(storage):
    assert storage.url("crm/a.css") == "/static/crm/a.0123abcd.css"
    with override_settings(DEBUG=True):
        assert storage.url("crm/a.css") == "/static/crm/a.css"
    list(storage.post_process({}, dry_run=True))
    assert storage._urls == {}


def test_with_debug_on_the_plain_url_is_djangos_and_is_remembered(tmp_path):
    with override_settings(DEBUG=True, STATIC_URL="/assets/"):
        remembered = DevStaticStorage(location=str(tmp_path))
        djangos = StaticFilesStorage(location=str(tmp_path))
        assert (
            remembered.url("crm/a b.css") == djangos.url("crm/a b.css") == "/assets/crm/a%20b.css"
        )
        assert remembered._urls == {("crm/a b.css", "/assets/"): "/assets/crm/a%20b.css"}
