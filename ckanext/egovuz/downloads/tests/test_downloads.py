import pytest

from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.downloads.model import count_downloads, log_download


@pytest.mark.usefixtures("clean_db")
def test_log_and_count():
    pkg = Dataset()
    for fmt in ("csv", "xlsx", "CSV"):
        log_download(pkg["id"], None, fmt, "table")
    other = Dataset()
    log_download(other["id"], None, "json", "api")
    assert count_downloads(pkg["id"]) == 3
    assert count_downloads() == 4
    with pytest.raises(ValueError):
        log_download(pkg["id"], None, "csv", "nowhere")
