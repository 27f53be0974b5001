"""Drive HTTP load at one server from its own process, and report what it saw.

Reads a plan (JSON on stdin): ``{"host", "port", "concurrency", "segments": [{"name",
"path", "seconds", "cookie", "concurrency"?}]}``. Runs the segments one after the other,
each with ``concurrency`` connections kept busy (a segment may set its own), and prints
one JSON result per segment: requests, seconds, status counts and every latency in ms.

Raw asyncio sockets and one request per connection (gunicorn's sync workers close the
connection after each response), so the client stays far cheaper than the server.
"""

import asyncio
import json
import sys
import time


def request_bytes(host, path, cookie):
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close", "User-Agent: bench"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def one_request(host, port, payload):
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(payload)
    head = await reader.readline()
    while await reader.read(65536):
        pass
    writer.close()
    elapsed = (time.perf_counter() - started) * 1000
    status = int(head.split()[1]) if head.startswith(b"HTTP/") else 0
    return status, elapsed


async def run_segment(host, port, concurrency, segment):
    payload = request_bytes(host, segment["path"], segment.get("cookie"))
    deadline = time.perf_counter() + segment["seconds"]
    latencies, statuses = [], {}

    async def worker():
        while time.perf_counter() < deadline:
            try:
                status, elapsed = await one_request(host, port, payload)
            except OSError:
                status, elapsed = 0, 0.0
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {
        "name": segment["name"],
        "path": segment["path"],
        "requests": len(latencies),
        "seconds": time.perf_counter() - started,
        "statuses": {str(code): n for code, n in statuses.items()},
        "latencies_ms": latencies,
    }


async def main(plan):
    results = []
    for segment in plan["segments"]:
        concurrency = segment.get("concurrency") or plan["concurrency"]
        results.append(await run_segment(plan["host"], plan["port"], concurrency, segment))
    return results


if __name__ == "__main__":
    json.dump(asyncio.run(main(json.load(sys.stdin))), sys.stdout)
