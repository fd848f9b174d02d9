"""What the tests and the benchmarks share, and neither ships: sample documents, the data builders
and worlds, real server processes on fresh databases, and the light Socket.IO phone.

It imports only ``workshop_app`` (never ``tests`` or ``bench``), so that ``tests`` and ``bench``
both build on it without importing each other. Not part of the wheel (pyproject packages only
``workshop_app``).
"""
