"""Exit 0 when a Kafka broker answers a Metadata request listing at least BROKERS brokers (default 1):
a node of a cluster counts as ready once it knows of every node.

Standard library only, so it runs before the project's virtualenv exists.
Usage: python3 kafka_ping.py HOST:PORT [BROKERS]
"""

import socket
import struct
import sys

METADATA_API_KEY = 3
METADATA_VERSION = 4  # lowest version Kafka 4.x still serves (KIP-896)
CORRELATION_ID = 0x0D3A7A1


def metadata_request() -> bytes:
    client_id = b"dentalink-ping"
    header = struct.pack(">hhih", METADATA_API_KEY, METADATA_VERSION, CORRELATION_ID, len(client_id))
    body = struct.pack(">i?", -1, False)  # all topics, no auto-creation
    payload = header + client_id + body
    return struct.pack(">i", len(payload)) + payload


def read_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        data += chunk
    return data


def ping(address: str, brokers: int = 1, timeout: float = 2.0) -> bool:
    host, _, port = address.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(metadata_request())
        (size,) = struct.unpack(">i", read_exact(sock, 4))
        response = read_exact(sock, size)
    correlation_id, _throttle_ms, broker_count = struct.unpack(">iii", response[:12])
    return correlation_id == CORRELATION_ID and broker_count >= brokers


if __name__ == "__main__":
    try:
        sys.exit(0 if ping(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1) else 1)
    except (OSError, struct.error):
        sys.exit(1)
