"""The failover drill's lost-update check (deploy/drill_report.py) on hand-made outcomes: it
must fail a real lost update and pass a move that two users sent alike while one of them met
the error page (the version let only the saved one through)."""

import importlib.util
from pathlib import Path

from django.conf import settings

SPEC = importlib.util.spec_from_file_location(
    "drill_report", Path(settings.BASE_DIR) / "deploy" / "drill_report.py"
)
drill_report = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(drill_report)


def move(version: int, stage: str) -> dict:
    return {"version": version, "marker": f"{version}:{stage}"}


def verdict(saved, doubt, recorded, final_version, final_marker) -> tuple[bool, str]:
    results = []
    drill_report._check_versioned(
        lambda ok, text: results.append((ok, text)),
        "Kanban moves",
        {"7": {"version": 1}},
        {7: {"saved": saved, "doubt": doubt}},
        {7: {"version": final_version, "marker": final_marker}},
        lambda pk: recorded,
    )
    (result,) = results
    return result


def test_the_same_move_saved_once_and_in_doubt_once_is_one_write():
    saved = [move(1, "proposal"), move(2, "qualifying")]
    doubt = [move(1, "proposal")]  # its instance stopped; the saved twin took version 1
    ok, text = verdict(saved, doubt, {"1:proposal", "2:qualifying"}, 3, "2:qualifying")
    assert ok, text
    assert "went through" not in text


def test_two_different_writes_on_one_version_is_a_lost_update():
    saved = [move(1, "proposal"), move(1, "qualifying")]
    ok, text = verdict(saved, [], {"1:proposal", "1:qualifying"}, 3, "1:qualifying")
    assert not ok
    assert "two writes made on the same version" in text


def test_a_write_in_doubt_that_went_through_is_counted():
    ok, text = verdict([move(1, "proposal")], [move(2, "won")], {"1:proposal", "2:won"}, 3, "2:won")
    assert ok and "1 answered with an error went through whole" in text
