"""Requests and replies into length-prefixed JSON on a loopback socket, both ends authenticated.

The conversation, after the client connects:

1. server → client: :data:`HELLO` and a 32-byte random challenge;
2. client → server: HMAC-SHA256(key, server's challenge) and its own 32-byte challenge;
3. server → client: HMAC-SHA256(key, client's challenge) (or it closes: wrong key);
4. client → server: the request, one frame; server → client: the reply, one frame.

A frame is a 4-byte big-endian length and that many bytes of :mod:`marshal` data: a dict
of str, int and lists (marshal is built in, so the client imports nothing to speak it,
and it keeps the lone surrogates of undecodable file names). Both ends are the same
interpreter (the fingerprint says so) and have proved they hold the key before the first
frame; a frame that is not such a dict is refused. The key is 32 random bytes in a file
only the user can read; no pickle and no code crosses the socket.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import socket
import struct

#: The first bytes the server sends (the protocol's version is in it).
HELLO = b"BDWARM1\n"
#: Bytes of a challenge, and of a key.
NONCE_BYTES = 32
#: The largest frame either side accepts (a batch's output is a few KB).
MAX_FRAME = 16 * 1024 * 1024
_LENGTH = struct.Struct(">I")


class WireError(Exception):
    """The other side is not ours, closed early, or sent something malformed."""


def new_key() -> bytes:
    return os.urandom(NONCE_BYTES)


def _mac(key: bytes, challenge: bytes) -> bytes:
    return hmac.new(key, challenge, hashlib.sha256).digest()


def recv_exact(conn: socket.socket, size: int) -> bytes:
    """Exactly ``size`` bytes, or :class:`WireError` if the connection ends first."""
    chunks = []
    left = size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise WireError("连接提前关闭")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def send_frame(conn: socket.socket, message: dict[str, object]) -> None:
    data = marshal.dumps(message)
    conn.sendall(_LENGTH.pack(len(data)) + data)


def recv_frame(conn: socket.socket) -> dict[str, object]:
    (size,) = _LENGTH.unpack(recv_exact(conn, _LENGTH.size))
    if size > MAX_FRAME:
        raise WireError(f"消息过大：{size} 字节")
    try:
        message = marshal.loads(recv_exact(conn, size))
    except (EOFError, ValueError, TypeError) as exc:
        raise WireError(f"消息无法解析：{exc}") from exc
    if not _plain(message) or not isinstance(message, dict):
        raise WireError("消息不是一个对象")
    return message


def _plain(value: object, depth: int = 0) -> bool:
    """Only dicts with str keys, lists, str, int, float, bool and None (no code objects)."""
    if depth > 8:
        return False
    if value is None or isinstance(value, (str, int, float)):
        return True
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def server_handshake(conn: socket.socket, key: bytes) -> None:
    """Prove the client knows ``key`` and prove it back; :class:`WireError` if it does not."""
    challenge = os.urandom(NONCE_BYTES)
    conn.sendall(HELLO + challenge)
    answer = recv_exact(conn, 2 * NONCE_BYTES)
    if not hmac.compare_digest(answer[:NONCE_BYTES], _mac(key, challenge)):
        raise WireError("密钥不符")
    conn.sendall(_mac(key, answer[NONCE_BYTES:]))


def client_handshake(conn: socket.socket, key: bytes) -> None:
    """Answer the server's challenge and check its answer to ours."""
    hello = recv_exact(conn, len(HELLO) + NONCE_BYTES)
    if not hello.startswith(HELLO):
        raise WireError("对方不是 bulletin-docs 后台进程")
    challenge = os.urandom(NONCE_BYTES)
    conn.sendall(_mac(key, hello[len(HELLO):]) + challenge)
    if not hmac.compare_digest(recv_exact(conn, NONCE_BYTES), _mac(key, challenge)):
        raise WireError("对方的密钥不符")
