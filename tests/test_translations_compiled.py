"""The compiled catalogues (.mo, committed: `make test` does not compile)
say what their .po files say. Django's compilemessages skips a .mo newer
than its .po, so a merge can leave one stale without anyone noticing."""

import gettext
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path
    for path in ROOT.glob("*/locale/*/LC_MESSAGES/*.po")
    if ".venv" not in path.parts
)


def catalogue(mo_path):
    with open(mo_path, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_committed_mo_file_is_the_po_file_compiled(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    assert catalogue(po.with_suffix(".mo")) == catalogue(fresh), (
        f"{po.with_suffix('.mo')} is stale: run "
        "`touch` on the .po and `manage.py compilemessages --ignore=.venv`"
    )
