"""The house rules, checked on the code itself: apps import only downwards, pure rule modules stay
free of the ORM, and no module or view class outgrows what a person can read at once."""

import ast
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# An app may import only the apps after it in this list.
APPS = ["home", "reporting", "planning", "surveys", "escalation", "indicators", "partnership"]
# Home owns no tables and takes no input: it reads what the others hold.
READ_ONLY_APPS = {"home"}
PURE_RULES = [
    "indicators/status.py",
    "indicators/periods.py",
    "indicators/workflow.py",
    "indicators/return_rules.py",
    "indicators/money.py",
    "indicators/values.py",
    "reporting/timetable.py",
    "escalation/ladder.py",
    "escalation/risk.py",
    "escalation/smart.py",
    "surveys/agreement.py",
    "surveys/window.py",
    "planning/rules.py",
    "planning/permissions.py",
    "planning/states.py",
    "partnership/roles.py",
    "partnership/years.py",
    "partnership/numbers.py",
    "partnership/exports.py",
    "partnership/concurrency.py",
    "partnership/equality.py",
]
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 60


def python_files():
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in listed.split() if "/migrations/" not in name]


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (inside functions too), as absolute names."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names.add(".".join([*base, node.module] if node.module else base))
            else:
                names.add(node.module)
    return names


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_downwards(app):
    above = set(APPS[: APPS.index(app)])
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / app).rglob("*.py")
        if "/migrations/" not in str(path)
        for name in imported_modules(path)
        if name.split(".")[0] in above
    ]
    assert not offenders, offenders


def test_pure_rule_modules_do_not_touch_the_database():
    offenders = []
    for name in PURE_RULES:
        for module in imported_modules(ROOT / name):
            parts = module.split(".")
            if "models" in parts[1:] or "services" in parts or module in ("django.db.transaction",):
                offenders.append(f"{name} imports {module}")
        if "transaction" in (ROOT / name).read_text() or ".objects." in (ROOT / name).read_text():
            offenders.append(f"{name} reaches the database")
    assert not offenders, offenders


def test_no_module_is_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in python_files()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, long


def test_no_view_class_is_over_60_lines():
    views = [p for p in python_files() if "views" in p.relative_to(ROOT).parts or p.name == "views.py"]
    assert len(views) >= 20  # the scan really finds the views
    long = [
        f"{path.relative_to(ROOT)}: {node.name} is {node.end_lineno - node.lineno + 1} lines"
        for path in views
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_VIEW_LINES
    ]
    assert not long, long


def test_every_app_has_the_same_layout():
    for app in APPS:
        layers = ("views", "services") if app in READ_ONLY_APPS else ("models", "views", "forms", "services")
        for layer in layers:
            assert (ROOT / app / layer / "__init__.py").exists(), f"{app}/{layer}/ is not a package"
        for module in ("urls.py", "apps.py"):
            assert (ROOT / app / module).exists(), f"{app} has no {module}"


def test_template_comments_close_on_their_own_line():
    # {# #} is a one-line comment in Django: one left open is shown to people as text.
    open_comments = [
        f"{template.relative_to(ROOT)}:{number}"
        for template in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(template.read_text().splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert not open_comments, open_comments
