import logging

import pytest

from riskassess.reports.fetcher import RefusedURL, report_fetcher, static_root


@pytest.fixture
def fetcher():
    return report_fetcher()


def test_it_serves_static_files(fetcher):
    response = fetcher.fetch((static_root() / "css" / "report.css").as_uri())
    assert b"@font-face" in response.read()
    assert response.content_type == "text/css"


def test_it_serves_data_urls(fetcher):
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.invalid/x.css",
        "ftp://example.invalid/x",
        "file://remote.example/etc/passwd",
    ],
)
def test_it_refuses_everything_else(fetcher, url, caplog):
    with caplog.at_level(logging.WARNING, logger="riskassess.reports.fetcher"), pytest.raises((RefusedURL, ValueError)):
        fetcher.fetch(url)
    assert url[:30] in caplog.text


def test_it_refuses_paths_that_leave_static(fetcher, tmp_path):
    escaping = static_root().as_uri() + "/../../../../etc/passwd"
    with pytest.raises(RefusedURL):
        fetcher.fetch(escaping)
    with pytest.raises(RefusedURL):
        fetcher.fetch(static_root().as_uri() + "/css/does-not-exist.css")


def test_it_refuses_symlinks_out_of_the_root(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    (root / "ok.css").write_text("p {}")
    (root / "link.css").symlink_to("/etc/passwd")
    fetcher = report_fetcher(root)
    assert fetcher.fetch((root / "ok.css").as_uri()).read() == b"p {}"
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "link.css").as_uri())
