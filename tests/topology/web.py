"""A browser-like HTTP client for the topology tests (sessions, CSRF) and API calls with tokens."""

from __future__ import annotations

import re

import requests


class Browser:
    """`public` is the address the user's browser shows (behind nginx: https://…), used as Referer."""

    def __init__(self, base: str, public: str | None = None, verify: str | bool = True) -> None:
        self.base = base
        self.public = public or base
        self.session = requests.Session()
        # Per request: requests lets REQUESTS_CA_BUNDLE override a session's own `verify`.
        self.verify = verify

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=30, verify=self.verify, **kwargs)

    def csrf(self, path: str) -> str:
        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return match.group(1) if match else self.session.cookies.get("csrftoken", "")

    def post(self, path: str, data: dict, form_page: str | None = None, **kwargs) -> requests.Response:
        token = self.csrf(form_page or path)
        return self.session.post(
            self.base + path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": self.public + (form_page or path)},
            timeout=60,
            verify=self.verify,
            **kwargs,
        )

    def login(self, username: str, password: str) -> Browser:
        response = self.post("/login/", {"username": username, "password": password}, allow_redirects=False)
        assert response.status_code == 302, response.text[:2000]
        return self


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.headers = {"Authorization": f"Token {token}"}

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.base + path, headers=self.headers, timeout=30, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.base + path, headers=self.headers, timeout=60, **kwargs)
