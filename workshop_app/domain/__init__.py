"""Pure domain rules of Zielwerkstatt.

Everything here is plain Python (standard library plus rapidfuzz): no Flask, no SQLAlchemy, no
imports from the rest of ``workshop_app``. That keeps the rules fast to test, usable from the CLI,
services and exports alike, and honest about what they depend on. Import from the submodules
directly (``from workshop_app.domain.ballots import validate_ballot``); this package re-exports
nothing on purpose, so that importing one rule never drags in the others.
"""
