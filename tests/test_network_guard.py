"""The conftest guard fails any test that tries to reach a real external host (loopback stays allowed)."""

from __future__ import annotations

import asyncio
import socket

import pytest

# TEST-NET-3 (RFC 5737): never routed, so even a broken guard could not reach anyone.
EXTERNAL = ("203.0.113.10", 443)


def test_blocking_connect_to_an_external_host_fails() -> None:
    with socket.socket() as sock, pytest.raises(RuntimeError, match=r"real external host: 203\.0\.113\.10"):
        sock.connect(EXTERNAL)


async def test_asyncio_connect_to_an_external_host_fails() -> None:
    with socket.socket() as sock:
        sock.setblocking(False)
        with pytest.raises(RuntimeError, match="real external host"):
            await asyncio.get_running_loop().sock_connect(sock, EXTERNAL)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
