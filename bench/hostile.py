#!/usr/bin/env python3
"""The hostile requests of issue 15, sent over and over beside the normal clients of bench/load.sh.

Each kind runs in its own threads for the given number of seconds, on raw sockets (so that Host,
source address and pacing are the client's own), and a summary per kind is printed at the end:
answers by status, mean and longest time, largest answer. Exits non-zero if any answer is a 5xx
other than a 503 (a heavy request that found no permit), if a forged Host reached a shared
answer, or if an admin write to a shipped resource was not refused.

    bench/hostile.py PORT SECONDS ADMIN_TOKEN [TRICKLERS [KINDS]]

KINDS is a comma-separated choice of budget, bad, trickle (all three by default).
"""
import gzip
import json
import socket
import sys
import threading
import time
from collections import defaultdict

PORT, SECONDS, TOKEN = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
TRICKLERS = int(sys.argv[4]) if len(sys.argv) > 4 else 200
KINDS = set((sys.argv[5] if len(sys.argv) > 5 else "budget,bad,trickle").split(","))
END = time.time() + SECONDS
RESULTS = defaultdict(list)  # kind -> [(status, seconds, bytes)]
FAILURES = []
LOCK = threading.Lock()


def exchange(head, body=b"", source="127.0.0.1", timeout=120):
    """Sends one request on a fresh connection; the status, seconds taken and the whole answer."""
    started = time.time()
    with socket.create_connection(("127.0.0.1", PORT), timeout=timeout, source_address=(source, 0)) as s:
        s.sendall(head.encode("ascii") + b"\r\n" + ("Content-Length: %d\r\n" % len(body) if body else "").encode()
                  + b"Connection: close\r\n\r\n" + body)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        answer = b"".join(chunks)
    status = int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else -1
    return status, time.time() - started, answer


def record(kind, status, seconds, answer):
    with LOCK:
        RESULTS[kind].append((status, seconds, len(answer)))
        if status >= 500 and status != 503 or status < 0:
            FAILURES.append("%s: status %d: %s" % (kind, status, answer[:300]))


def post(path, document, extra=""):
    return ("POST /fhir/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json%s" % (path, extra),
            json.dumps(document).encode())


def params(*parameters):
    return {"resourceType": "Parameters", "parameter": list(parameters)}


def code_system(url, concepts):
    return {"resourceType": "CodeSystem", "url": url, "status": "active", "content": "complete", "concept": concepts}


def regex_expand():
    concepts = [{"code": "a" * 32 + "b%d" % i} for i in range(200)]
    vs = {"resourceType": "ValueSet", "url": "http://example.org/hostile/vs", "status": "active",
          "compose": {"include": [{"system": "http://example.org/hostile/cs",
                                   "filter": [{"property": "concept", "op": "regex", "value": "(.*a){12}c"}]}]}}
    return post("ValueSet/$expand", params({"name": "url", "valueUri": vs["url"]},
                                           {"name": "tx-resource", "resource": code_system("http://example.org/hostile/cs", concepts)},
                                           {"name": "tx-resource", "resource": vs}))


def nested_imports():
    """Twenty levels, each importing the level below twice: exponential without memoised expansions."""
    base = "http://example.org/hostile/nested-"
    resources = [{"name": "tx-resource", "resource": code_system("http://example.org/hostile/letters",
                                                                [{"code": c} for c in "abcdefghij"])},
                 {"name": "tx-resource", "resource": {"resourceType": "ValueSet", "url": base + "0", "status": "active",
                                                      "compose": {"include": [{"system": "http://example.org/hostile/letters"}]}}}]
    for level in range(1, 21):
        below = base + str(level - 1)
        resources.append({"name": "tx-resource", "resource": {
            "resourceType": "ValueSet", "url": base + str(level), "status": "active",
            "compose": {"include": [{"valueSet": [below]}, {"valueSet": [below]}]}}})
    return post("ValueSet/$expand", params({"name": "url", "valueUri": base + "20"}, *resources))


def deep_hierarchy():
    """A parent chain of about 9,000 concepts (under 1 MB), expanded by is-a from its root."""
    concepts = [{"code": "c0"}] + [{"code": "c%d" % i, "property": [{"code": "parent", "valueCode": "c%d" % (i - 1)}]}
                                   for i in range(1, 9000)]
    cs = code_system("http://example.org/hostile/chain", concepts)
    cs["hierarchyMeaning"] = "is-a"
    cs["property"] = [{"code": "parent", "type": "code"}]
    vs = {"resourceType": "ValueSet", "url": "http://example.org/hostile/chain-vs", "status": "active",
          "compose": {"include": [{"system": cs["url"], "filter": [{"property": "concept", "op": "is-a", "value": "c0"}]}]}}
    return post("ValueSet/$expand", params({"name": "url", "valueUri": vs["url"]}, {"name": "tx-resource", "resource": cs},
                                           {"name": "tx-resource", "resource": vs}))


def many_codings():
    codings = [{"system": "http://www.ama-assn.org/go/cpt", "code": "x%d" % i} for i in range(10000)]
    return post("CodeSystem/$validate-code", params({"name": "codeableConcept", "valueCodeableConcept": {"coding": codings}}))


def bad_requests():
    """Requests that once gave a 500, an OutOfMemoryError or a write; each must now be a 4xx."""
    lookup = params({"name": "system", "valueUri": "http://www.ama-assn.org/go/cpt"}, {"name": "code", "valueCode": "77003"})
    cut = gzip.compress(json.dumps(lookup).encode())
    form = "POST /fhir/CodeSystem/_search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
    gz = "POST /fhir/CodeSystem/$lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\nContent-Encoding: gzip"
    shipped = "PUT /fhir/CodeSystem/cpt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\nAuthorization: Bearer " + TOKEN
    return [
        ("$validate anonymous", post("CodeSystem/$validate", {"resourceType": "CodeSystem", "status": "active"})),
        ("exponent 1e99999999", (post("ValueSet/$expand", {})[0],
                                 b'{"resourceType":"Parameters","parameter":[{"name":"count","valueInteger":1e99999999}]}')),
        ("If-Modified-Since garbage", ("GET /fhir/CodeSystem/cpt HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-Modified-Since: garbage", b"")),
        ("form with a lone %", (form, b"url=%")),
        ('"valueSet":[null]', (post("ValueSet/$expand", {})[0], json.dumps(params({"name": "valueSet", "resource": {
            "resourceType": "ValueSet", "status": "active", "compose": {"include": [{"valueSet": [None]}]}}})).encode())),
        ("gzip cut short", (gz, cut[:len(cut) // 2])),
        ("admin PUT of a shipped resource", (shipped, json.dumps({"resourceType": "CodeSystem", "id": "cpt", "status": "active",
                                                                   "url": "http://www.ama-assn.org/go/cpt", "content": "fragment"}).encode())),
    ]


def loop(kind, request):
    head, body = request
    while time.time() < END:
        try:
            record(kind, *exchange(head, body))
        except OSError as e:
            record(kind, -1, 0, str(e).encode())


def bad_loop():
    cases = bad_requests()
    while time.time() < END:
        for kind, (head, body) in cases:
            status, seconds, answer = exchange(head, body)
            record(kind, status, seconds, answer)
            if not 400 <= status < 500:
                with LOCK:
                    FAILURES.append("%s: expected a 4xx, got %d" % (kind, status))
        # a forged Host must never reach the capability statement that everyone is given
        record("forged Host on metadata", *exchange("GET /fhir/metadata HTTP/1.1\r\nHost: evil.example"))
        status, seconds, answer = exchange("GET /fhir/metadata HTTP/1.1\r\nHost: 127.0.0.1")
        if b"evil.example" in answer:
            with LOCK:
                FAILURES.append("a forged Host reached another client's capability statement")
        time.sleep(0.2)


def trickle(index):
    """A POST whose declared thousand-byte body arrives a byte a second, from its own address."""
    source = "127.0.%d.%d" % (1 + index // 250, 2 + index % 250)
    head = "POST /fhir/CodeSystem/$lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\nContent-Length: 1000\r\n\r\n"
    while time.time() < END:
        started = time.time()
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1, source_address=(source, 0)) as s:
                s.sendall(head.encode())
                answer = b""
                while time.time() < END + 40:
                    try:
                        answer += s.recv(65536)
                        break
                    except socket.timeout:
                        s.sendall(b" ")
                status = int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else -1
                record("trickling body (%d clients)" % TRICKLERS, status, time.time() - started, answer)
        except OSError as e:
            record("trickling body (%d clients)" % TRICKLERS, -1, time.time() - started, str(e).encode())


threads = []
if "budget" in KINDS:
    threads += [threading.Thread(target=loop, args=(kind, request), daemon=True) for kind, request in [
        ("backtracking regex $expand", regex_expand()), ("backtracking regex $expand", regex_expand()),
        ("imports nested 20 deep", nested_imports()), ("9,000-deep hierarchy", deep_hierarchy()),
        ("10,000 codings", many_codings())]]
if "bad" in KINDS:
    threads.append(threading.Thread(target=bad_loop, daemon=True))
if "trickle" in KINDS:
    threads += [threading.Thread(target=trickle, args=(i,), daemon=True) for i in range(TRICKLERS)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=max(0, END - time.time()) + 45)

for kind in sorted(RESULTS):
    answers = RESULTS[kind]
    statuses = defaultdict(int)
    for status, _, _ in answers:
        statuses[status] += 1
    print("%-34s %4d answers, status %s, mean %.2f s, longest %.2f s, largest %d bytes" % (
        kind, len(answers), " ".join("%s x%d" % s for s in sorted(statuses.items())),
        sum(a[1] for a in answers) / len(answers), max(a[1] for a in answers), max(a[2] for a in answers)))
for failure in FAILURES[:10]:
    print("FAILED:", failure)
sys.exit(1 if FAILURES else 0)
