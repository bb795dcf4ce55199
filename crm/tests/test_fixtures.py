"""Our fixtures keep their own names: none of them shadows one of pytest-django's (such as
``admin_user`` / ``admin_client``, a superuser there), so a test reads the same everywhere."""

import ast
from pathlib import Path

import pytest_django

from crm.models import Role

ROOT = Path(__file__).resolve().parents[2]


def fixture_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) in {"pytest.fixture", "fixture"}:
                    names.add(node.name)
    return names


def test_no_project_fixture_shadows_a_pytest_django_fixture():
    plugin_dir = Path(pytest_django.__file__).parent
    theirs = set().union(*(fixture_names(path) for path in plugin_dir.glob("*.py")))
    assert {"admin_user", "admin_client", "client", "rf"} <= theirs
    for conftest in [*ROOT.glob("crm/**/conftest.py"), *ROOT.glob("portal/**/conftest.py")]:
        clash = fixture_names(conftest) & theirs
        assert not clash, f"{conftest.relative_to(ROOT)} shadows pytest-django's {sorted(clash)}"


def test_crm_admin_is_an_admin_role_user_not_a_superuser(crm_admin, crm_admin_client):
    assert crm_admin.role == Role.ADMIN and not crm_admin.is_superuser
    assert crm_admin_client.get("/").wsgi_request.user == crm_admin
