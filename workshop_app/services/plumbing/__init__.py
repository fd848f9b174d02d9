"""What every use case stands on: the unit of work (``tx``), the lock order (``locking``), the
audit trail (``audit``) and the running sums of the tally (``tally_cells``)."""
