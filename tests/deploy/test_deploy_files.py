"""The deployment files stay true to the code: the environment template
names every variable the production settings read, the systemd units read
it, the scripts parse."""

import re
import subprocess

import pytest

from tests.deploy.servers import ROOT

DEPLOY = ROOT / "deploy"
SETTINGS = ROOT / "cooperation" / "settings"


def variables_read(*modules):
    names = set()
    for module in modules:
        names |= set(
            re.findall(
                r"env_(?:str|bool|int|float|list|required)\(\s*\"([A-Z0-9_]+)\"",
                (SETTINGS / module).read_text(),
            )
        )
    return names


def test_the_env_template_lists_every_variable_of_the_production_settings():
    template = (DEPLOY / "cooperation.env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", template, re.MULTILINE))
    read = variables_read("base.py", "production.py", "env.py")
    assert len(read) > 40
    assert read - listed == set()


@pytest.mark.parametrize("unit", ["web", "worker", "beat"])
def test_each_systemd_unit_reads_the_env_file(unit):
    text = (DEPLOY / "systemd" / f"cooperation-{unit}.service").read_text()
    assert "EnvironmentFile=/etc/cooperation/cooperation.env" in text
    assert re.search(r"^ExecStart=/srv/cooperation/\.venv/bin/", text, re.MULTILINE)


def test_workers_are_named_after_their_machine():
    text = (DEPLOY / "systemd" / "cooperation-worker.service").read_text()
    assert "--hostname worker@%H" in text


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh"])
def test_scripts_parse_and_restore_asks_for_confirmation(script):
    assert subprocess.run(["bash", "-n", DEPLOY / script]).returncode == 0
    if script == "restore.sh":
        result = subprocess.run(
            ["bash", DEPLOY / script, "/tmp"], capture_output=True, text=True
        )
        assert result.returncode == 2
        assert "--yes" in result.stderr
