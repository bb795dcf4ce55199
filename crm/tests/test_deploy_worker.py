"""deploy/ runs the background worker and its scheduler (issue 26) as the Procfile does: the
worker and beat services of docker-compose.yml, and their systemd units."""

import configparser
import shlex
from pathlib import Path

import yaml
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
BROKER = "redis://redis:6379/1"


def procfile() -> dict[str, list[str]]:
    lines = (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines()
    return {
        name: shlex.split(command) for name, _, command in (line.partition(": ") for line in lines)
    }


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_compose_runs_the_procfile_worker_and_beat_from_the_app_image():
    processes = procfile()
    for name in ("worker", "beat"):
        service = SERVICES[name]
        assert service["command"] == processes[name], name
        assert service["image"] == SERVICES["app1"]["image"]
        assert service["volumes"] == SERVICES["app1"]["volumes"]  # the stored import files
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "replicas" not in service.get("deploy", {})
    # The web healthcheck (an HTTP request to :8000) cannot pass on the worker or beat.
    assert "inspect ping" in " ".join(SERVICES["worker"]["healthcheck"]["test"])
    assert SERVICES["beat"]["healthcheck"] == {"disable": True}


def test_every_process_queues_on_the_same_broker():
    for name in ("app1", "app2", "worker", "beat"):
        assert SERVICES[name]["environment"]["CELERY_BROKER_URL"] == BROKER, name


def test_redis_never_evicts_the_queue():
    command = SERVICES["redis"]["command"]
    policy = command[command.index("--maxmemory-policy") + 1]
    assert policy.startswith("volatile-") or policy == "noeviction"


def test_systemd_units_run_the_worker_and_beat_like_the_app_instances():
    web = unit("agency-crm@.service")["Service"]
    for name, process in (("worker", "worker"), ("beat", "beat")):
        service = unit(f"agency-crm-{name}.service")["Service"]
        for key in ("User", "WorkingDirectory", "EnvironmentFile"):
            assert service[key] == web[key], (name, key)
        command = shlex.split(service["ExecStart"])
        assert command[0] == "/srv/agency-crm/.venv/bin/celery"
        assert command[1:4] == ["-A", "config", process]
        assert service["Restart"] == "on-failure"
    beat = shlex.split(unit("agency-crm-beat.service")["Service"]["ExecStart"])
    schedule = next(arg for arg in beat if arg.startswith("--schedule="))
    assert schedule.startswith("--schedule=/var/lib/agency-crm-beat/")  # its StateDirectory
