"""`airegister new --interactive`, driven through a real pseudo-terminal."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pexpect
import yaml

from conftest import FIXTURES, run_cli

AIREGISTER = str(Path(sys.executable).parent / "airegister")


def test_interactive_new_asks_the_required_questions_and_writes_a_valid_record(tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "registry")
    child = pexpect.spawn(AIREGISTER, ["new", "--interactive"], cwd=str(tmp_path), encoding="utf-8", timeout=30,
                          env={"PATH": "/usr/bin:/bin", "TERM": "dumb"})
    child.expect("Name: ")
    child.sendline("Street Light Dimming")
    child.expect(r"Name in fi \(optional, Enter to skip\): ")  # the register publishes in en and fi
    child.sendline("Katuvalojen himmennys")
    child.expect(r"Record id \[street-light-dimming\]: ")
    child.sendline("")  # accept the suggestion made from the name
    child.expect("Short summary: ")
    child.sendline("Dims street lights when the street is empty.")
    child.expect(r"Short summary in fi \(optional, Enter to skip\): ")
    child.sendline("")  # left for a translator
    child.expect("Testing Department")  # the register's departments are offered
    child.expect("Choose 1-1: ")
    child.sendline("1")
    child.expect("Contact e-mail: ")
    child.sendline("not an address")
    child.expect("That is not an e-mail address.")
    child.expect("Contact e-mail: ")
    child.sendline("lighting@fixture-city.example")
    child.expect("Role title: ")
    child.sendline("Head of Street Lighting")
    child.expect(r"Role title in fi \(optional, Enter to skip\): ")
    child.sendline("")
    child.expect(r"4\. In use")  # the allowed choices, numbered
    child.expect("Choose 1-6: ")
    child.sendline("9")
    child.expect("Please type a number from 1 to 6.")
    child.sendline("pilot")  # a value works as well as a number
    child.expect(r"Not an AI system \(not-an-ai-system\)")  # label and value, when they differ
    child.expect("Choose 1-6: ")
    child.sendline("5")  # not an AI system
    child.expect("Wrote registry/testing/street-light-dimming.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    record = yaml.safe_load((tmp_path / "registry" / "testing" / "street-light-dimming.yaml").read_text())
    assert record["status"] == "pilot" and record["ai_act"] == {"classification": "not-an-ai-system"}
    assert record["contact"] == {"email": "lighting@fixture-city.example"}
    assert record["name"] == {"en": "Street Light Dimming", "fi": "Katuvalojen himmennys"}
    assert record["languages"] == ["en", "fi"] and record["summary"] == "Dims street lights when the street is empty."
    result = run_cli("validate", "registry", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_stopping_early_writes_nothing(tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "registry")
    child = pexpect.spawn(AIREGISTER, ["new", "--interactive"], cwd=str(tmp_path), encoding="utf-8", timeout=30,
                          env={"PATH": "/usr/bin:/bin", "TERM": "dumb"})
    child.expect("Name: ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert sorted(p.name for p in (tmp_path / "registry").rglob("*.yaml")) == sorted(
        p.name for p in (FIXTURES / "valid").rglob("*.yaml"))
