"""A PostgreSQL 15 cluster per test process with the product migrated once into a template database;
each test gets a fresh database cloned from it (CREATE DATABASE ... TEMPLATE, a file copy)."""

from __future__ import annotations

import itertools

import pytest

from tests.topology.servers import Postgres, manage, production_env

_numbers = itertools.count(1)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/topology/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.topology)


@pytest.fixture(scope="session")
def pg15():
    cluster = Postgres().init()
    # Room for two clusters' workers and a replica's WAL sender.
    with (cluster.data / "postgresql.auto.conf").open("a") as conf:
        conf.write("max_connections = 60\n")
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def migrated_template(pg15) -> str:
    """A database with every migration applied (and nothing else): the fresh production schema."""
    url = pg15.create_database("desk_template")
    manage(production_env(url), "migrate", "--no-input", "-v", "0")
    pg15.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'desk_template'")
    return "desk_template"


@pytest.fixture
def fresh_database(pg15, migrated_template) -> str:
    """A migrated, empty database of the test's own; its URL."""
    return pg15.create_database(f"desk_{next(_numbers)}", template=migrated_template)
