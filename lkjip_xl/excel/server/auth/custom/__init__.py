"""The ``custom`` auth provider: one shared token for the kabupaten, from ``LKJIP_SERVER_TOKEN``.

Replaces xlwings Server's placeholder (which accepts the literal ``test-token``). Enable with
``XLWINGS_AUTH_PROVIDERS='["custom"]'`` and ``LKJIP_SERVER_TOKEN=<at least 16 characters>``; the clients send
the token in the ``Authorization`` header (``Bearer <token>`` or the token alone). Without a token set, every
request is refused: a misconfigured server fails closed.
"""

import hashlib
import hmac
import os

from fastapi import status
from fastapi.exceptions import HTTPException
from xlwings_server.models import User

from lkjip_xl.excel.server import MIN_TOKEN, TOKEN_ENV


async def validate_token(token_string: str) -> User:
    expected = os.environ.get(TOKEN_ENV, "")
    given = token_string.removeprefix("Bearer ").strip()
    # digests of equal length: compare_digest's time does not depend on where the texts differ
    if len(expected) >= MIN_TOKEN and hmac.compare_digest(hashlib.sha256(given.encode()).digest(),
                                                          hashlib.sha256(expected.encode()).digest()):
        return User(id="lkjip", name="kecamatan")
    raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Token server LKjIP tidak sah.")
