"""The layer contract (STYLE.md §0): held by import-linter for Python, and here for templates."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.template.backends.django import get_installed_libraries

ROOT = Path(__file__).resolve().parent.parent
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _layers() -> list[set[str]]:
    """The contract's layers, highest first, each a set of app names."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    return [set(re.split(r"\s*[|:]\s*", layer)) for layer in contract["layers"]]


def _rank(app: str) -> int:
    """0 for the ground (core); higher layers have higher ranks."""
    layers = _layers()
    for position, apps in enumerate(layers):
        if app in apps:
            return len(layers) - 1 - position
    raise AssertionError(f"{app} is in no layer of the contract")


def test_lint_imports_holds_the_contract():
    result = subprocess.run([Path(sys.executable).parent / "lint-imports"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_layer_contract_fails_when_a_lower_app_imports_a_higher_one(tmp_path):
    """The same contract over a tiny tree in which the engine imports reporting must fail."""
    for app in ("core", "accounts", "plans", "reports", "agreements", "conferences", "discussions", "notifications", "dashboard",
                "api", "vss_portal"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "reports" / "models.py").write_text("import plans\n")
    (tmp_path / "plans" / "tests").mkdir()
    (tmp_path / "plans" / "tests" / "__init__.py").write_text("import reports.models\n")  # tests may import anything
    (tmp_path / "plans" / "tests" / "test_x.py").write_text("import reports.models\n")
    (tmp_path / "plans" / "views.py").write_text("import reports.models\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--contract", "layers"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "plans is not allowed to import reports" in result.stdout


def _template_libraries() -> dict[str, str]:
    """{% load %} name → the app that provides it (Django's and third parties' map to None)."""
    return {name: path.split(".")[0] for name, path in get_installed_libraries().items()}


def test_no_template_loads_the_tags_of_a_higher_app():
    providers = _template_libraries()
    layered = {app for layer in _layers() for app in layer}
    offences = []
    for template in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]:
        app = template.relative_to(ROOT).parts[0]
        owner = app if app in layered else "core"  # the project's templates/ folder is the ground
        for names in LOAD.findall(template.read_text()):
            for name in names.split():
                provider = providers.get(name)
                if provider in layered and _rank(provider) > _rank(owner):
                    offences.append(f"{template.relative_to(ROOT)} loads {name} ({provider})")
    assert not offences, "Templates load the tags of a higher app:\n" + "\n".join(offences)
