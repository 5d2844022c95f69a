"""Cache, sessions and rate limits on Redis: two web servers (two hosts in production) share the
sessions and count the public lookup's rate limit together, atomically."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import redis
import requests

from tests.topology.servers import gunicorn, manage, redis_server
from tests.topology.web import Browser

PASSWORD = "Lotus-Harbour-2026!"
LIMIT = 10  # complaints.views.track.LOOKUPS_PER_MINUTE


def lookup(base: str, index: int) -> int:
    """One /track/ lookup as a customer's browser makes it (the form's own method, with its token)."""
    session = requests.Session()
    page = session.get(f"{base}/track/", timeout=30)
    form = re.search(r'<form method="(\w+)"', page.text).group(1).lower()
    data = {"number": f"TS{index:010d}", "phone": "13800000000"}
    if form == "get":
        return session.get(f"{base}/track/", params=data, timeout=30).status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(f"{base}/track/", data={**data, "csrfmiddlewaretoken": token}, timeout=30).status_code


def test_two_web_servers_share_sessions_and_rate_limits_on_redis(pg15, fresh_database, prod_env, tmp_path):
    database = fresh_database.rsplit("/", 1)[1]
    with redis_server(tmp_path / "redis") as redis_url:
        env = prod_env(fresh_database, CACHE_REDIS_URL=f"{redis_url}/1", MANAGER_PASSWORD=PASSWORD)
        manage(env, "create_manager", "boss")
        web_a, base_a = gunicorn(env, tmp_path / "a.log", workers=2)
        web_b, base_b = gunicorn(env, tmp_path / "b.log", workers=2)
        try:
            # Signed in on one host, the same cookie works on the other; no session row in the database.
            on_a = Browser(base_a).login("boss", PASSWORD)
            on_b = Browser(base_b)
            on_b.session.cookies.update(on_a.session.cookies)
            assert on_b.get("/admin/").status_code == 200
            assert "boss" in on_b.get("/").text
            assert pg15.execute("SELECT count(*) FROM django_session", database=database) == [(0,)]

            # Lookups spread over both hosts, many at once: exactly LIMIT pass in one minute.
            for _attempt in range(2):
                if 60 - time.time() % 60 < 15:  # not across a minute boundary (the limit's window)
                    time.sleep(60 - time.time() % 60 + 0.5)
                minute = int(time.time() // 60)
                with ThreadPoolExecutor(max_workers=8) as pool:
                    codes = list(pool.map(lambda i: lookup(base_a if i % 2 else base_b, i), range(LIMIT + 8)))
                if int(time.time() // 60) == minute:
                    break
                time.sleep(60 - time.time() % 60 + 0.5)  # it crossed a boundary: again in a fresh window
            assert sorted(codes).count(429) == 8, codes
            assert sorted(codes).count(200) == LIMIT, codes
            keys = redis.Redis.from_url(f"{redis_url}/1").keys("desk:ratelimit:track:*")
            assert keys, "the lookups were counted in Redis"
            assert pg15.execute("SELECT count(*) FROM infra_ratecounter", database=database) == [(0,)]
        finally:
            web_a.stop()
            web_b.stop()
