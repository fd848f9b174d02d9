# Settings of this installation. Copy to instance/config.py; environment variables override it.
# Every key is documented in the README ("Configuration") and in workshop_app/config.py.

# The address phones use (QR codes, printed token sheets) when the laptop serves the venue network.
# PUBLIC_URL = "http://192.168.1.20:5000"

# Offer fewer languages than the seven with complete catalogues.
# LANGUAGES = ["de", "en"]

# Behind one reverse proxy (nginx) that sets X-Forwarded-For and X-Forwarded-Proto.
# TRUSTED_PROXIES = 1
# SESSION_COOKIE_SECURE = True

# PostgreSQL and Redis for several server processes.
# DATABASE_URL = "postgresql://zw@127.0.0.1/zielwerkstatt"
# SOCKETIO_MESSAGE_QUEUE = "redis://127.0.0.1:6379/0"
