"""The data model, one module per aggregate; importing this registers every table."""
from .audit import AuditEvent
from .council import CouncilPaper, GoalCouncilPaper, MeasureCouncilPaper
from .feasibility import RoundAssessor
from .live import SocketConnection
from .merge import ProposalMerge
from .plan import Goal, Measure, ProgressNote, goal_proposals
from .process import FieldOfAction, Process, process_members
from .proposal import Proposal
from .responsible import ReminderLog, ResponsibleLink
from .support import ProposalSupport
from .tables import WorkshopTable
from .tally import TallyCell, TallyGroup
from .user import ApiKey, Role, User
from .voting import Ballot, PaperBallots, PaperVote, RoundItem, Vote, VotingRound
from .workshop import JoinToken, Participant, StakeholderGroup, Workshop, WorkshopModerator

__all__ = [
    "ApiKey",
    "AuditEvent",
    "Ballot",
    "CouncilPaper",
    "FieldOfAction",
    "Goal",
    "GoalCouncilPaper",
    "JoinToken",
    "Measure",
    "MeasureCouncilPaper",
    "PaperBallots",
    "PaperVote",
    "Participant",
    "Process",
    "ProgressNote",
    "Proposal",
    "ProposalMerge",
    "ProposalSupport",
    "ReminderLog",
    "ResponsibleLink",
    "Role",
    "RoundAssessor",
    "RoundItem",
    "SocketConnection",
    "StakeholderGroup",
    "TallyCell",
    "TallyGroup",
    "User",
    "Vote",
    "VotingRound",
    "Workshop",
    "WorkshopModerator",
    "WorkshopTable",
    "goal_proposals",
    "process_members",
]
