"""Use cases. Each public function is one write or read of the domain; writes own their
transaction through :func:`services.tx.write` and publish events only after commit."""
