#!/usr/bin/env python3
"""Load on `conv4j serve`: N clients in a loop (geometry GETs, signal and image uploads in turn)
while S slow clients hold connections open with partial requests, re-opening them when the
server cuts them off. Prints requests, throughput, latency percentiles and failures.

    python3 tools/serve-load/load.py http://127.0.0.1:8765/ --clients 32 --slow 50 --seconds 60
"""
import argparse
import http.client
import socket
import threading
import time
import urllib.parse

UPLOAD_TYPE = "application/vnd.conv4j.upload"


def sample_png(host, port):
    c = http.client.HTTPConnection(host, port, timeout=10)
    c.request("GET", "/api/sample/image")
    body = c.getresponse().read()
    c.close()
    return body


def client(host, port, png, stop, latencies, failures, lock):
    csv = "\n".join(str(i % 17) for i in range(2000)).encode()
    requests = [
        ("GET", "/api/geometry?rank=2&input=224&kernel=7&strides=2&padding=SAME&channels=3&filters=64", None),
        ("POST", "/api/filter/signal?kernels=uniform,centre-weighted", csv),
        ("POST", "/api/filter/image?kernels=edge,sharpen", png),
    ]
    i = 0
    conn = http.client.HTTPConnection(host, port, timeout=10)
    while not stop.is_set():
        method, path, body = requests[i % len(requests)]
        i += 1
        headers = {"Content-Type": UPLOAD_TYPE} if body is not None else {}
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            status = response.status
        except (OSError, http.client.HTTPException) as e:
            ok = False
            status = type(e).__name__
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=10)
        elapsed = time.perf_counter() - start
        with lock:
            if ok:
                latencies.append(elapsed)
            else:
                failures[status] = failures.get(status, 0) + 1
    conn.close()


def slow_client(host, port, stop, reopened, lock):
    partial = ("POST /api/filter/signal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + UPLOAD_TYPE
               + "\r\nContent-Length: 100000\r\n\r\n1\n").encode()
    while not stop.is_set():
        try:
            with socket.create_connection((host, port), timeout=30) as s:
                s.sendall(partial)
                while not stop.is_set():
                    s.sendall(b"1")  # a byte now and then, never the whole body
                    time.sleep(1)
        except OSError:
            with lock:
                reopened[0] += 1
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    u = urllib.parse.urlparse(args.url)
    host, port = u.hostname, u.port
    png = sample_png(host, port)
    stop = threading.Event()
    lock = threading.Lock()
    latencies, failures, reopened = [], {}, [0]
    threads = [threading.Thread(target=slow_client, args=(host, port, stop, reopened, lock), daemon=True)
               for _ in range(args.slow)]
    for t in threads:
        t.start()
    time.sleep(1)
    workers = [threading.Thread(target=client, args=(host, port, png, stop, latencies, failures, lock))
               for _ in range(args.clients)]
    start = time.perf_counter()
    for t in workers:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in workers:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else float("nan")

    print(f"{args.clients} clients, {args.slow} slow connections held, {wall:.0f} s: {len(latencies)} answered"
          f" ({len(latencies) / wall:.1f}/s), failed or refused {sum(failures.values())} {failures};"
          f" latency p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, p99 {pct(99):.1f} ms, max {pct(100):.1f} ms;"
          f" slow connections cut off and reopened {reopened[0]} times")


if __name__ == "__main__":
    main()
