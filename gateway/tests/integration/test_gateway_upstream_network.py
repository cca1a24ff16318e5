"""The gateway's upstream connections on asyncio streams (gateway.upstream_network), against a real
HTTP/1.1 server on loopback: keep-alive reuse, a connection the server closed while idle, deadlines
and refusals as httpx's errors."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.upstream_network import asyncio_transport

pytestmark = pytest.mark.integration


def content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


class Server:
    """An HTTP/1.1 server that counts the connections it accepted."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0
        self.close_after_answer = False
        self.delay = 0.0
        self.open_writers: list[asyncio.StreamWriter] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_writers.append(writer)
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                received = await reader.readexactly(content_length(head))
                await asyncio.sleep(self.delay)
                path = head.split(b" ")[1].decode()
                body = f"connection {self.connections}: {path} {len(received)}".encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n"
                    + f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                if self.close_after_answer:
                    writer.close()
                    return


@contextlib.asynccontextmanager
async def serving() -> AsyncIterator[Server]:
    server = Server()
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    server.port = listening.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listening.close()
        for writer in server.open_writers:
            writer.close()


def client(timeout: float = 5.0) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=10, max_keepalive_connections=10, keepalive_expiry=30.0)
    return httpx.AsyncClient(transport=asyncio_transport(limits), timeout=timeout)


async def test_calls_reuse_one_kept_alive_connection() -> None:
    async with serving() as server, client() as http:
        answers = [await http.get(f"http://127.0.0.1:{server.port}/n{i}") for i in range(5)]
    assert [a.text for a in answers] == [f"connection 1: /n{i} 0" for i in range(5)]
    assert server.connections == 1


async def test_a_connection_the_server_closed_while_idle_is_not_reused() -> None:
    async with serving() as server, client() as http:
        server.close_after_answer = True
        first = await http.get(f"http://127.0.0.1:{server.port}/a")
        await asyncio.sleep(0.05)  # the server's FIN reaches the idle connection
        second = await http.get(f"http://127.0.0.1:{server.port}/b")
    assert (first.text, second.text) == ("connection 1: /a 0", "connection 2: /b 0")


async def test_a_slow_answer_is_a_read_timeout() -> None:
    async with serving() as server, client(timeout=0.2) as http:
        server.delay = 1.0
        with pytest.raises(httpx.ReadTimeout):
            await http.get(f"http://127.0.0.1:{server.port}/slow")


async def test_a_refused_connection_is_a_connect_error() -> None:
    async with serving() as server:
        port = server.port
    await asyncio.sleep(0)
    async with client() as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(f"http://127.0.0.1:{port}/gone")


async def test_a_large_request_body_arrives_whole() -> None:
    async with serving() as server, client() as http:
        request_body = b"x" * 300_000
        answer = await http.post(f"http://127.0.0.1:{server.port}/upload", content=request_body)
    assert answer.text == "connection 1: /upload 300000"
