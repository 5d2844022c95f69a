import pytest
from django.core.exceptions import ImproperlyConfigured

from infra.env import env_bool, env_int, env_str


def test_env_bool_accepts_only_true_and_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "true")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG", False)


def test_missing_secret_fails_loudly(monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured):
        env_str("X_SECRET")


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    path = tmp_path / "secret"
    path.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(path))
    assert env_str("X_SECRET") == "s3cret"


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUM", "many")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)
