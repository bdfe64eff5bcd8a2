"""Opens N idle keep-alive connections to a samen-gateway and holds them.

    python3 bench/lib/idle_connections.py <port> <n>

Each connection sends one GET /healthz and reads its answer, so that it is an
ordinary idle keep-alive connection; then the script prints "open" and keeps
them until its standard input closes. The benchmarks read the gateway's VmRSS
meanwhile (bench/lib/gateway_memory.sh).
"""
import socket
import sys

port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")
    conns.append(s)
for s in conns:
    data = b""
    while not data.endswith(b"ok\n"):
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("connection closed by the gateway")
        data += chunk
print("open", flush=True)
sys.stdin.read()
