"""Shared setup for the evidence benchmarks: a throw-away SQLite database and data folder."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(name: str, **environment: str) -> Path:
    """Point Django at a fresh data folder (never an operator's DATABASE_URL) and migrate it."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"isms-bench-{name}-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)
    os.environ["ISMS_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "isms.settings.dev"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.update(environment)
    # Migrating in a process of its own keeps its memory out of this process's peak.
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "--verbosity=0"],
        check=True,
    )
    django.setup()
    return data_dir


def control_and_engineer() -> tuple[Any, Any]:
    from django.contrib.auth.models import Group, User

    from isms.frameworks.models import Control, ControlGroup, Framework
    from isms.roles import Role

    framework = Framework.objects.create(
        code="iso27001-2022", name="ISO/IEC 27001:2022", edition="2022", kind="standard"
    )
    group = ControlGroup.objects.create(
        framework=framework, ref="A.8", title="Technological", sort_key="A.0008"
    )
    control = Control.objects.create(
        framework=framework, group=group, ref="A.8.8", title="Vulnerabilities", sort_key="A.8.8"
    )
    engineer = User.objects.create_user("engineer")
    engineer.groups.add(Group.objects.get(name=Role.SECURITY_ENGINEER.value))
    return control, engineer


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
