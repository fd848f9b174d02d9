"""`python -m workshop_app` — migrate, optionally seed the demo, and serve.

The server is gevent's WSGI server with WebSocket support (async mode chosen by benchmark, see
bench/live.py and the README), never Flask's development server. gevent must patch the standard
library before anything else is imported, hence the unusual import order.
"""
from __future__ import annotations

import os


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m workshop_app", description="Serve Zielwerkstatt.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--demo", action="store_true", help="create the demo workshop and print its URLs")
    parser.add_argument("--no-migrate", action="store_true", help="do not upgrade the database first")
    parser.add_argument("--access-log", action="store_true", default=bool(os.environ.get("ACCESS_LOG")),
                        help="log every request to standard error (never with the client's address)")
    # gevent, chosen by measurement (bench/live.py --async-mode gevent --async-mode threading; see
    # the README): less memory per connected phone and less CPU per vote than a thread per socket.
    # threading exists only to repeat that comparison: it runs Werkzeug's threaded server.
    parser.add_argument("--async-mode", choices=("gevent", "threading"),
                        default=os.environ.get("SOCKETIO_ASYNC_MODE", "gevent"))
    args = parser.parse_args(argv)

    if args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()

    from flask_migrate import upgrade

    from . import create_app
    from .extensions import socketio
    from .urls import local_address

    overrides = {"SOCKETIO_ASYNC_MODE": args.async_mode}
    if args.host in ("0.0.0.0", "::") and not os.environ.get("PUBLIC_URL"):  # nosec B104
        overrides["PUBLIC_URL"] = f"http://{local_address()}:{args.port}"
    elif not os.environ.get("PUBLIC_URL"):
        overrides["PUBLIC_URL"] = f"http://{args.host}:{args.port}"
    app = create_app(overrides)
    with app.app_context():
        if not args.no_migrate:
            upgrade()
        if args.demo:
            from .services.demo import ensure_demo
            from .urls import print_demo_urls

            print_demo_urls(ensure_demo(app.instance_path))
    print(f"Serving on http://{args.host}:{args.port} (async mode {args.async_mode}); Ctrl+C stops.",
          flush=True)
    if args.async_mode == "threading":
        print("Async mode threading: Werkzeug's threaded server, for comparison measurements only.",
              flush=True)
    if args.async_mode == "threading":
        socketio.run(app, host=args.host, port=args.port, log_output=False, allow_unsafe_werkzeug=True)
        return
    from .gevent_server import handler_class

    # Flask-SocketIO hands these to gevent's WSGIServer; the handler keeps client addresses out
    # of every log line and closes connections that do not send their headers in time.
    socketio.run(app, host=args.host, port=args.port, log_output=args.access_log,
                 handler_class=handler_class(app.config["HTTP_HEADER_TIMEOUT"]))


if __name__ == "__main__":
    main()
