"""Production mode fails closed and is complete (issue 13, finding 9).

DEBUG is off unless set; the documented production environment (docs/security.md) passes
`check --deploy` with no warning; under gunicorn with DEBUG=false the admin's CSS, the API docs' own
Swagger files and every stylesheet/script a page names are served locally (WhiteNoise), with the
Content-Security-Policy and HSTS headers on.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
REQUIRE = os.environ.get("MUA_REQUIRE_SERVICES") == "1"
HOST = "mua.example.vn"

# The production environment docs/security.md documents (with a real secret, database and Redis).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "t3Wq9ZpL7vR2kX8mN4bY6cJ1hF5gD0sA-eU7iO3pT9wQ2zK8xV4nM6bL1cH5jG0fS",
    "ALLOWED_HOSTS": HOST,
    "MUA_HTTPS": "true",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "MUA_BASE_URL": f"https://{HOST}",
}


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return {**env, **PRODUCTION_ENV, **extra}


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_debug_is_off_when_unset():
    env = _env()
    del env["DEBUG"]
    code = "import config.settings as s; print(s.DEBUG, s.SECRET_KEY.startswith('dev-only'))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"], result.stderr[-1000:]


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = _env()
    del env["SECRET_KEY"], env["DEBUG"]
    result = _manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_documented_production_env_passes_check_deploy_with_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_not_configured():
    """The same command does catch what production would miss (so the test above can fail)."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_env(MUA_HTTPS="false"))
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr


def test_check_deploy_fails_without_a_base_url_for_email_links():
    env = _env()
    del env["MUA_BASE_URL"]
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0 and "accounts.E001" in result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """gunicorn serving config.wsgi with DEBUG=false and the production env, on a loopback port."""
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if binary is None:
        reason = "gunicorn is not installed (pip install -e '.[prod]')"
        if REQUIRE:
            pytest.fail(f"MUA_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    env = _env(STATIC_ROOT=str(tmp_path_factory.mktemp("static")))
    collected = _manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr[-2000:]
    port = _free_port()
    process = subprocess.Popen(
        [binary, "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(base + "/static/core/mua.js", timeout=10)
                break
            except requests.RequestException:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(base, path, **headers):
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", **headers}
    return requests.get(base + path, headers=headers, timeout=30, allow_redirects=False)


def _assets(html: str) -> list[str]:
    """Every local stylesheet and script a page names."""
    links = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', html)
    links += re.findall(r'<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"', html)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    return sorted(set(links + scripts))


def _assert_assets_served(base, html, *, content_types):
    assets = _assets(html)
    for url in assets:
        assert url.startswith("/static/"), f"{url} is not served from this origin"
        response = _get(base, url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].split(";")[0] in content_types, url
        assert len(response.content) > 100, url
    return assets


def test_admin_sign_in_is_styled_by_local_css(gunicorn):
    page = _get(gunicorn, "/admin/login/")
    assert page.status_code == 200
    assets = _assert_assets_served(gunicorn, page.text, content_types={"text/css", "text/javascript"})
    assert any(re.match(r"/static/admin/css/base\.[0-9a-f]+\.css$", a) for a in assets), assets


def test_api_docs_serve_their_own_swagger_files(gunicorn):
    page = _get(gunicorn, "/api/v1/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assets = _assert_assets_served(gunicorn, page.text, content_types={"text/css", "text/javascript"})
    assert any("swagger-ui-bundle" in a and a.endswith(".js") for a in assets), assets


@pytest.mark.parametrize("path", ["/tu-choi-tin-nhan/", "/login/"])
def test_pages_and_everything_they_name_are_served(gunicorn, path):
    page = _get(gunicorn, path)
    assert page.status_code == 200
    _assert_assets_served(gunicorn, page.text, content_types={"text/css", "text/javascript"})
    csp = page.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_pages_script_is_a_served_static_file(gunicorn):
    response = _get(gunicorn, "/static/core/mua.js")
    assert response.status_code == 200 and "data-progress-url" in response.text


def test_plain_http_is_redirected_to_https(gunicorn):
    response = _get(gunicorn, "/login/", **{"X-Forwarded-Proto": "http"})
    assert response.status_code == 301 and response.headers["Location"] == f"https://{HOST}/login/"
