"""Domain events. Services send them after commit; the live layer listens and pushes.

Services never import ``live``; this module is the only thing both sides know, which keeps the
services usable from the CLI, tests and other processes unchanged.
"""
from __future__ import annotations

from blinker import Namespace

_events = Namespace()

phase_changed = _events.signal("phase-changed")          # workshop_id, version
round_changed = _events.signal("round-changed")          # workshop_id, round_id, state, version
proposal_changed = _events.signal("proposal-changed")    # workshop_id, proposal_id, state, version
ballot_stored = _events.signal("ballot-stored")          # workshop_id, round_id
workshop_changed = _events.signal("workshop-changed")    # workshop_id, version (settings, timer, spotlight)
participant_joined = _events.signal("participant-joined")  # workshop_id, group
access_revoked = _events.signal("access-revoked")        # user_id (logout, demotion)
# Credentials withdrawn: the live layer drops the sockets opened with them, in every process.
screen_revoked = _events.signal("screen-revoked")        # workshop_id (screen secret rotated)
moderator_link_revoked = _events.signal("moderator-link-revoked")  # workshop_id (link regenerated)
api_key_revoked = _events.signal("api-key-revoked")      # api_key_id
participant_removed = _events.signal("participant-removed")  # workshop_id, participant_ids (moderator)
facilitator_revoked = _events.signal("facilitator-revoked")  # workshop_id, table_id (secret rotated/cleared)
# Tables (services.tables, services.table_seats): workshop_id, version; rotation (step) and plenary
# (True) move everyone alike; seats {participant id: table id | None} are personal (each phone alone).
tables_changed = _events.signal("tables-changed")        # workshop_id, version, rotation?, plenary?, seats?
