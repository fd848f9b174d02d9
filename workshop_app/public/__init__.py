"""The public progress page of a process: no login, no cookies, embeddable, with feeds."""
from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/progress")


@bp.record_once
def _cookieless(state) -> None:
    from .cookieless import CookielessPublicPages

    state.app.session_interface = CookielessPublicPages()


@bp.app_context_processor
def _public_addresses() -> dict:
    """``public_address(process_id, endpoint)``: the absolute address to hand out (PUBLIC_URL)."""
    from ..urls import external

    def public_address(process_id: int, endpoint: str = "public.page") -> str:
        return external(endpoint, process_id=process_id)

    return {"public_address": public_address}


from . import views  # noqa: E402,F401  (registers the routes on bp)
