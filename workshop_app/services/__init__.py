"""The service layer, grouped by kind so that the folder shows the architecture:

- the modules here are **use cases**: each public function is one write (or a read that belongs to
  it), takes ids and plain values, owns its transaction through :func:`plumbing.tx.write` and
  publishes events only after commit (``uow.record`` for the usual bump → audit → publish ending);
- :mod:`.read_models` builds what an audience or a document reads (results, snapshots, the
  console's state, reports, progress) and never writes;
- :mod:`.plumbing` is what the use cases stand on: the unit of work, the lock order, the audit
  trail and the running tally sums.

Services import no blueprint and not ``live`` (an import-linter contract checks it).
"""
