#!/usr/bin/env python3
"""Time from spawning a server to its first answered request, and its idle memory; medians of N starts.

    startup.py --runs 10 --probe health|dynamodb -- COMMAND...

In COMMAND, {port} becomes a free port and {dir} an empty folder of its own for each start. Prints
one line: STARTUP median_ms=... min_ms=... max_ms=... idle_rss_kb=...
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

DYNAMODB_HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=abc",
}
TIMEOUT_S = 20.0
IDLE_S = 1.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answered(port, probe):
    """True once the server gives a 200 to the probe request; False while it refuses connections."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        if probe == "health":
            connection.request("GET", "/_streamstack/health")
        else:
            connection.request("POST", "/", json.dumps({}), DYNAMODB_HEADERS)
        return connection.getresponse().status == 200
    except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected):
        return False
    finally:
        connection.close()


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def one_start(command, probe):
    port = free_port()
    folder = tempfile.mkdtemp(prefix="streamstack-startup-")
    args = [part.format(port=port, dir=folder) for part in command]
    start = time.perf_counter()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while not answered(port, probe):
            if process.poll() is not None:
                sys.exit("%s exited with %d before answering" % (args[0], process.returncode))
            if time.perf_counter() - start > TIMEOUT_S:
                sys.exit("%s did not answer within %.0f s" % (args[0], TIMEOUT_S))
            time.sleep(0.0002)
        elapsed_ms = (time.perf_counter() - start) * 1000
        time.sleep(IDLE_S)
        return elapsed_ms, rss_kb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--probe", choices=["health", "dynamodb"], default="health")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    results = [one_start(command, options.probe) for _ in range(options.runs)]
    times = [elapsed for elapsed, _ in results]
    print("STARTUP median_ms=%.2f min_ms=%.2f max_ms=%.2f idle_rss_kb=%d" % (
        statistics.median(times), min(times), max(times),
        statistics.median(rss for _, rss in results)))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
