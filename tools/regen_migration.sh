#!/usr/bin/env bash
# Regenerate the single initial migration from the models (allowed only while no installation
# exists that was migrated with an older revision). Autogenerates against an empty PostgreSQL
# database, which renders foreign-key cycles (use_alter) correctly for both backends.
set -euo pipefail
cd "$(dirname "$0")/.."
name="zw_regen_$$"
psql -h 127.0.0.1 -d postgres -qc "CREATE DATABASE $name"
trap 'psql -h 127.0.0.1 -d postgres -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
rm -f migrations/versions/*.py
DATABASE_URL="postgresql+psycopg://127.0.0.1:5432/$name" .venv/bin/flask --app workshop_app db migrate -m "initial schema" >/dev/null
ls migrations/versions
