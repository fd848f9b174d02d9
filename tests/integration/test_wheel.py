"""The wheel carries templates, static files, migrations and catalogues, and serves pages."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = textwrap.dedent("""
    import json, pathlib, sys
    import workshop_app
    from workshop_app import create_app
    package = pathlib.Path(workshop_app.__file__).parent
    assert "site-packages" in str(package), package
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1], "SECRET_KEY": "k" * 32})
    from flask_migrate import upgrade
    with app.app_context():
        upgrade()
    client = app.test_client()
    page = client.get("/", headers={"Accept-Language": "de"})
    css = client.get("/static/css/app.css")
    print(json.dumps({"templates": app.template_folder, "static": app.static_folder,
                      "status": page.status_code, "css": css.status_code,
                      "german": "An einem Workshop teilnehmen" in page.get_data(as_text=True)}))
""")


@pytest.mark.slow
@pytest.mark.backends("sqlite")
def test_wheel_installs_and_renders(tmp_path, backend):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("workshop_app-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True)
    result = subprocess.run([str(python), "-c", CHECK, str(tmp_path / "wheel.sqlite")],
                            cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "WORKSHOP_INSTANCE_PATH": str(tmp_path / "i")})
    assert result.returncode == 0, result.stderr
    facts = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert facts["status"] == 200 and facts["css"] == 200 and facts["german"]
    assert "site-packages/workshop_app/templates" in facts["templates"]
    assert "site-packages/workshop_app/static" in facts["static"]
