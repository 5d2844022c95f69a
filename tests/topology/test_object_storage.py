"""Evidence on S3-compatible object storage (moto's server here): stored in a private bucket, nothing on
the local disk, streamed through the access-checked views only to those who may see the complaint."""

from __future__ import annotations

import boto3

from tests.topology.conftest import DEMO_PASSWORD as PASSWORD
from tests.topology.servers import gunicorn, manage, s3_server
from tests.topology.web import Api, Browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"evidence-bytes"


def test_evidence_lives_in_the_bucket_and_is_served_only_to_who_may_see_it(
    seeded_database, prod_env, tmp_path
):
    media_root = tmp_path / "media"
    media_root.mkdir()
    with s3_server(tmp_path / "s3") as endpoint:
        s3 = boto3.client(
            "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test",
            region_name="us-east-1",
        )  # fmt: skip
        s3.create_bucket(Bucket="desk-evidence")
        env = prod_env(
            seeded_database,
            MEDIA_ROOT=str(media_root),
            MEDIA_S3_BUCKET="desk-evidence",
            MEDIA_S3_ENDPOINT_URL=endpoint,
            MEDIA_S3_REGION="us-east-1",
            MEDIA_S3_ACCESS_KEY_ID="test",
            MEDIA_S3_SECRET_ACCESS_KEY="test",
        )
        tokens = {name: manage(env, "drf_create_token", name).split()[2] for name in ("agent1", "dept1")}
        web, base = gunicorn(env, tmp_path / "web.log")
        try:
            agent = Api(base, tokens["agent1"])
            mine = agent.get(
                "/api/v1/complaints/", params={"owner": "agent1", "status": "acknowledged"}
            ).json()
            number = mine["results"][0]["number"]
            uploaded = agent.post(
                f"/api/v1/complaints/{number}/attachments/", files={"file": ("photo.png", PNG, "image/png")}
            )
            assert uploaded.status_code == 201, uploaded.text
            url = uploaded.json()["url"]

            objects = s3.list_objects_v2(Bucket="desk-evidence")["Contents"]
            assert len(objects) == 1 and objects[0]["Key"].startswith("evidence/")
            key = objects[0]["Key"]
            assert s3.get_object(Bucket="desk-evidence", Key=key)["Body"].read() == PNG
            grants = s3.get_object_acl(Bucket="desk-evidence", Key=key)["Grants"]
            assert all("URI" not in grant["Grantee"] for grant in grants), grants  # not public
            assert not any(media_root.rglob("*")), "nothing may be written to the local disk"

            # Streamed through the API and the browser view to the owner ...
            download = agent.get(url)
            assert download.status_code == 200 and download.content == PNG
            browser = Browser(base).login("agent1", PASSWORD)
            page = browser.get(f"/complaints/{number}/")
            link = f"/complaints/{number}/attachments/"
            assert link in page.text
            attachment_id = url.rstrip("/").rsplit("/", 1)[1]
            shown = browser.get(f"{link}{attachment_id}/")
            assert shown.status_code == 200 and shown.content == PNG
            # ... never to a department that was not asked, nor to anyone without a login.
            assert Api(base, tokens["dept1"]).get(url).status_code in (403, 404)
            assert Browser(base).get(f"{link}{attachment_id}/", allow_redirects=False).status_code == 302
            assert endpoint not in page.text  # no direct link to the bucket
        finally:
            web.stop()
