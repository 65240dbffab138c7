#!/usr/bin/env python3
"""Spur's conformance test against the recorded answers of Next.js 16.

Starts the seeds app (examples/seeds, built as spur-seeds) on a free loopback port,
replays every request of data/cases.jsonl in order over real HTTP (one connection
per case, the recorded method, path, headers and body), and compares each answer
with the one Next.js gave (data/golden.jsonl), by these rules:

  status; the content-type media type; Allow as a set (absent != empty); Location;
  the body: JSON equality when the recorded body is JSON, <title> for HTML error
  pages, SHA-256 for bodies over 64 KiB, exact text otherwise; and, for stream
  cases, whether the body arrived spread over >= 60 ms.

Spur's policy (docs/nextjs-differences.md) replaces the recorded answer where Spur
deliberately differs: allow-on-405, json-errors, json-400, no-304-post,
stream-always, decoded-static. Cases that need a feature owned by a later issue
are PENDING: they run, their mismatches are reported but not counted.

Prints one line per mismatch (`FAIL case: field: expected X, got Y`), one per
pending case, then `N passed, M failed[, K pending]` as its last line. Exits 0 iff
nothing failed. The server it starts is always stopped, by PID.

Usage: run_conformance.py --binary PATH [--only SUBSTR] [--strict] [--show-policy]
"""
import argparse
import gzip
import hashlib
import http.client
import json
import os
import re
import signal
import sys
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from spur_app import HOST, AppServer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

REQUEST_TIMEOUT_S = 30
# Bodies longer than this (in characters) are recorded as a length and a SHA-256.
BIG_BODY = 64 * 1024
# A stream case is "streamed" when its first decoded body bytes and its last
# bytes arrive at least this far apart (the SSE routes send 3 events 50 ms apart).
STREAM_SPREAD_S = 0.060

VAR = re.compile(r"\{\{(\w+)\}\}")
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)

# ---------------------------------------------------------------------------
# Pending: cases whose recorded behaviour needs a feature a later issue owns.
# They run and their mismatches are printed, but not counted as failures; a
# pending case that matches counts as passed (and says so).

PENDING = {}

# ---------------------------------------------------------------------------
# Sending one case.


def fill(text, vars_):
    """Replaces {{var}} by its captured value; unknown vars stay as written."""
    return VAR.sub(lambda m: vars_.get(m.group(1), m.group(0)), text)


def request_body(case, vars_):
    """The bytes to send, or None for no body (body null and no body_repeat)."""
    if case.get("body") is None and "body_repeat" not in case:
        return None
    text = (case.get("body") or "") * int(case.get("body_repeat", 1))
    text = case.get("body_prefix", "") + text + case.get("body_suffix", "")
    if "{{" in text and len(text) <= BIG_BODY:
        text = fill(text, vars_)
    return text.encode("utf-8")


class Exchange:
    """What came back for one case: status line, headers in order, the raw body
    bytes and when each piece of it arrived; or a transport error."""

    def __init__(self):
        self.error = None
        self.status = None
        self.reason = None
        self.headers = []  # [(name, value)], repeated names kept
        self.pieces = []   # [(monotonic time, bytes)]

    def all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def one(self, name):
        vals = self.all(name)
        return ", ".join(vals) if vals else None

    @property
    def raw(self):
        return b"".join(p for _, p in self.pieces)


def send(port, case, vars_):
    ex = Exchange()
    path = fill(case["path"], vars_)
    headers = {k: fill(v, vars_) for k, v in (case.get("headers") or {}).items()}
    body = request_body(case, vars_)
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        send_error = None
        try:
            conn.request(case["method"], path, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError) as e:
            # A server may answer (413) and stop reading before the whole body is sent.
            send_error = type(e).__name__
        except OSError as e:
            ex.error = f"sending: {type(e).__name__}: {e}"
            return ex
        try:
            resp = conn.getresponse()
        except (http.client.HTTPException, OSError) as e:
            ex.error = f"{'after ' + send_error + ', ' if send_error else ''}" \
                       f"reading the response: {type(e).__name__}: {e}"
            return ex
        ex.status, ex.reason, ex.headers = resp.status, resp.reason, resp.getheaders()
        while True:
            try:
                piece = resp.read1(65536)
            except (http.client.HTTPException, OSError) as e:
                ex.error = f"reading the body: {type(e).__name__}: {e}"
                return ex
            if not piece:
                break
            ex.pieces.append((time.monotonic(), piece))
        return ex
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# The observed answer in the shape of a golden record.


def media_type(content_type):
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower()


def is_json_type(content_type):
    mt = media_type(content_type)
    return mt is not None and (mt == "application/json" or mt.endswith("+json"))


def decode_body(raw, encoding):
    enc = (encoding or "").strip().lower()
    if not raw or enc in ("", "identity"):
        return raw
    if enc == "gzip":
        return gzip.decompress(raw)
    if enc == "deflate":
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return zlib.decompress(raw, -zlib.MAX_WBITS)
    raise ValueError(f"cannot decode Content-Encoding {encoding!r}")


def streamed(ex):
    """True when the first decoded body bytes and the last bytes arrived >= 60 ms apart."""
    if not ex.pieces:
        return False
    enc = (ex.one("content-encoding") or "").strip().lower()
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if enc == "gzip" else None
    first = None
    for t, piece in ex.pieces:
        try:
            data = inflater.decompress(piece) if inflater else piece
        except zlib.error:
            data = piece
        if data:
            first = t
            break
    if first is None:
        return False
    return ex.pieces[-1][0] - first >= STREAM_SPREAD_S


def normalise(value, replacements):
    """JSON strings equal to a captured value become "{{var}}"."""
    if isinstance(value, str):
        return replacements.get(value, value)
    if isinstance(value, list):
        return [normalise(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v, replacements) for k, v in value.items()}
    return value


def canonical_json_sha256(value):
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vars_of(case):
    """The captured vars normalised in this case's answer: those it captures, those
    its request uses, and those it lists in "normalise"."""
    names = set(case.get("capture") or {}) | set(case.get("normalise") or [])
    for text in [case.get("path") or "", case.get("body") or ""] + \
            list((case.get("headers") or {}).values()):
        names.update(VAR.findall(text))
    return names


def observe(case, ex, vars_):
    """The exchange as a record shaped like golden.jsonl's."""
    rec = {"name": case["name"]}
    if ex.error:
        rec["error"] = ex.error
        return rec
    rec["status"] = ex.status
    rec["reason"] = ex.reason
    rec["headers"] = {
        "content-type": ex.one("content-type"),
        "allow": ex.all("allow") or None,
        "location": ex.one("location"),
        "set-cookie": ex.all("set-cookie") or None,
        "cache-control": ex.one("cache-control"),
        "content-length": bool(ex.all("content-length")),
        "transfer-encoding": bool(ex.all("transfer-encoding")),
        "x-powered-by": bool(ex.all("x-powered-by")),
        "etag": ex.one("etag"),
        "vary": ex.one("vary"),
        "content-encoding": ex.one("content-encoding"),
        "refresh": ex.one("refresh"),
    }
    try:
        raw = decode_body(ex.raw, rec["headers"]["content-encoding"])
    except (ValueError, OSError, EOFError, zlib.error) as e:
        rec["error"] = f"undecodable body: {e}"
        return rec
    text = raw.decode("utf-8", errors="replace")
    parsed, has_json = None, False
    if is_json_type(rec["headers"]["content-type"]) and text:
        try:
            replacements = {vars_[v]: "{{%s}}" % v for v in vars_of(case) if v in vars_}
            parsed, has_json = normalise(json.loads(text), replacements), True
        except ValueError:
            pass
    if len(text) > BIG_BODY:
        rec["body"] = None
        rec["body_length"] = len(raw)
        rec["body_sha256"] = canonical_json_sha256(parsed) if has_json \
            else hashlib.sha256(raw).hexdigest()
    else:
        rec["body"] = text
        if has_json:
            rec["json"] = parsed
    if case.get("stream"):
        rec["streamed"] = streamed(ex)
    return rec


def capture(case, ex, vars_):
    """Stores the values the case's "capture" names; returns problems."""
    problems = []
    for var, spec in (case.get("capture") or {}).items():
        if ex.error:
            problems.append(("capture", f"{var}: no response to capture from"))
            continue
        if spec.startswith("json:"):
            try:
                body = json.loads(decode_body(ex.raw, ex.one("content-encoding")))
                val = body[spec[len("json:"):]]
                vars_[var] = val if isinstance(val, str) else json.dumps(val)
            except (ValueError, KeyError, TypeError, zlib.error) as e:
                problems.append(("capture", f"{var} from {spec}: {type(e).__name__}: {e}"))
        elif spec == "set-cookie":
            pairs = [c.split(";", 1)[0].strip() for c in ex.all("set-cookie")]
            vars_[var] = "; ".join(p for p in pairs if p)
        else:
            problems.append(("capture", f"unknown capture spec {spec!r}"))
    return problems


# ---------------------------------------------------------------------------
# Comparison.


def show(v, limit=160):
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    s = repr(s) if isinstance(v, str) else s
    return s if len(s) <= limit else s[:limit] + f"...({len(s)} chars)"


def same_json(a, b):
    """JSON equality that, unlike ==, keeps true apart from 1 and false from 0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def html_title(text):
    m = TITLE.search(text or "")
    return m.group(1).strip() if m else None


def allow_methods(lines):
    """All Allow header lines, comma-split and upper-cased; None when absent."""
    if lines is None:
        return None
    return sorted({p.strip().upper() for line in lines for p in line.split(",") if p.strip()})


def body_of(rec):
    """What is compared of a body: ("sha", hash, length) | ("json", value) |
    ("html", title) | ("text", text)."""
    if rec.get("body_sha256") is not None:
        return ("sha", rec["body_sha256"], rec.get("body_length"))
    if "json" in rec:
        return ("json", rec["json"])
    if media_type(rec["headers"]["content-type"]) == "text/html":
        return ("html", html_title(rec.get("body")))
    return ("text", rec.get("body"))


def compare(expected, actual, case):
    """The always-compared fields; returns [(field, message)]."""
    if "error" in expected:
        return [("golden", f"the recording is a transport error ({expected['error']})")]
    if "error" in actual:
        return [("transport", actual["error"])]
    out = []

    def check(field, exp, got, equal=None):
        if not (equal(exp, got) if equal else exp == got):
            out.append((field, f"expected {show(exp)}, got {show(got)}"))

    eh, ah = expected["headers"], actual["headers"]
    check("status", expected["status"], actual["status"])
    check("content-type", media_type(eh["content-type"]), media_type(ah["content-type"]))
    check("allow", allow_methods(eh["allow"]), allow_methods(ah["allow"]))
    check("location", eh["location"], ah["location"])
    eb, ab = body_of(expected), body_of(actual)
    if eb[0] == "json" and ab[0] == "json":
        check("body", eb[1], ab[1], same_json)
    elif eb[0] == "sha" and ab[0] == "sha":
        check("body", f"sha256 {eb[1]} ({eb[2]} bytes)", f"sha256 {ab[1]} ({ab[2]} bytes)")
    else:
        check("body", f"{eb[0]} {show(eb[1])}", f"{ab[0]} {show(ab[1])}")
    if case.get("stream"):
        check("streamed", expected.get("streamed"), actual.get("streamed"))
    return out


STRICT_HEADERS = ["set-cookie", "cache-control", "vary", "content-encoding", "refresh",
                  "content-length", "transfer-encoding", "x-powered-by"]


def compare_strict(expected, actual):
    """The secondary fields --strict adds (informational)."""
    if "error" in expected or "error" in actual:
        return []
    out = []
    eh, ah = expected["headers"], actual["headers"]
    pairs = [("reason", expected["reason"], actual["reason"]),
             ("content-type (full)", eh["content-type"], ah["content-type"])]
    pairs += [(k, eh.get(k), ah.get(k)) for k in STRICT_HEADERS]
    if media_type(eh["content-type"]) != "text/html":  # Next's 404 page ETag changes per build
        pairs.append(("etag", eh.get("etag"), ah.get("etag")))
    for field, exp, got in pairs:
        if exp != got:
            out.append((field, f"expected {show(exp)}, got {show(got)}"))
    return out


# ---------------------------------------------------------------------------
# Spur's policy: where Spur deliberately answers differently from Next.js
# (../shared/conformance/README.md, "Spur's policy"; docs/nextjs-differences.md).
# Three rules change what is expected (decoded-static and no-304-post: the answer
# of an equivalent recorded request; stream-always: streamed); the others accept
# a Spur answer for named fields, and only when that answer has the shape the
# policy promises.

# json-400: request.json() on a malformed or empty body (README, behaviour 22).
JSON_400_CASES = {"app_hello_post_malformed_500", "app_hello_post_empty_500",
                  "posts_create_malformed_500"}
UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
PCT = re.compile(r"%([0-9A-Fa-f]{2})")


def decode_unreserved(path):
    """RFC 3986 §6.2.2.2: %XX of an unreserved character is that character."""
    target, sep, query = path.partition("?")

    def one(m):
        c = chr(int(m.group(1), 16))
        return c if c in UNRESERVED else m.group(0)

    return PCT.sub(one, target) + sep + query


def request_key(case, path=None, drop_header=None):
    headers = {k.lower(): v for k, v in (case.get("headers") or {}).items()
               if k.lower() != drop_header}
    return json.dumps([case["method"], path if path is not None else case["path"],
                       headers, case.get("body"), case.get("body_repeat"),
                       case.get("body_prefix"), case.get("body_suffix")], sort_keys=True)


def policy_expectation(case, golden, goldens_by_request):
    """The record Spur is held to, and the rule that chose it (or None)."""
    if golden is None or "error" in golden:
        return golden, None
    # decoded-static: /api/hell%6F is /api/hello, so it answers what /api/hello answered.
    decoded = decode_unreserved(case["path"])
    if decoded != case["path"]:
        twin = goldens_by_request.get(request_key(case, path=decoded))
        if twin is not None:
            return twin, f"decoded-static: answers as {case['method']} {decoded} ({twin['name']})"
    # no-304-post: If-None-Match is a GET/HEAD precondition; a POST gets the full answer.
    if golden["status"] == 304 and case["method"] not in ("GET", "HEAD"):
        twin = goldens_by_request.get(request_key(case, drop_header="if-none-match"))
        if twin is not None:
            return twin, f"no-304-post: answers as without If-None-Match ({twin['name']})"
    # stream-always: event streams are flushed event by event, compressed or not,
    # where Next buffers a gzipped Pages stream.
    if case.get("stream") and golden.get("streamed") is False:
        return dict(golden, streamed=True), "stream-always: must arrive event by event"
    return golden, None


def is_json_error(actual, method):
    """The shape json-errors promises: a JSON body {"error": "..."} (none for HEAD)."""
    if not is_json_type(actual["headers"]["content-type"]):
        return False
    if method == "HEAD":
        return actual.get("body") == ""
    body = actual.get("json")
    return isinstance(body, dict) and isinstance(body.get("error"), str)


def apply_policy(case, expected, actual, problems):
    """Drops the problems a policy rule explains; returns (left, [rule notes])."""
    if "error" in expected or "error" in actual or not problems:
        return problems, []
    method = case["method"]
    fields = {f for f, _ in problems}
    excused = {}  # field -> rule

    es, as_ = expected["status"], actual["status"]
    eh, ah = expected["headers"], actual["headers"]

    # allow-on-405: RFC 9110 §15.5.6, a 405 lists the allowed methods.
    if "allow" in fields and es == 405 == as_ and eh["allow"] is None:
        allowed = allow_methods(ah["allow"]) or []
        if allowed and method.upper() not in allowed:
            excused["allow"] = "allow-on-405"

    # json-400: a malformed or empty body is the client's error: 400 + JSON error.
    if case["name"] in JSON_400_CASES and as_ == 400 and is_json_error(actual, method):
        for f in ("status", "content-type", "body"):
            excused[f] = "json-400"

    # json-errors: where Next answers an error with an HTML page or a bare text
    # phrase (no content-type, text/html, text/plain), Spur answers the same
    # status with a JSON {"error": "..."}.
    if es >= 400 and as_ == es and \
            media_type(eh["content-type"]) in (None, "text/html", "text/plain") and \
            is_json_error(actual, method):
        for f in ("content-type", "body"):
            excused.setdefault(f, "json-errors")

    left = [(f, m) for f, m in problems if f not in excused]
    notes = [f"{rule}: accepted {f} ({m})" for f, m in problems
             for rule in [excused.get(f)] if rule]
    return left, notes


# ---------------------------------------------------------------------------


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run(args):
    cases = load_jsonl(args.cases)
    golden_list = load_jsonl(args.golden)
    goldens = {g["name"]: g for g in golden_list}
    case_names = {c["name"] for c in cases}
    goldens_by_request = {}
    for c in cases:  # the first recorded case of an equivalent request wins
        if c["name"] in goldens:
            goldens_by_request.setdefault(request_key(c), goldens[c["name"]])
    unknown_pending = sorted(set(PENDING) - case_names)
    if unknown_pending:
        print(f"FAIL pending table: names no case: {', '.join(unknown_pending)}")
        return 1
    selected = [c for c in cases if args.only is None or args.only in c["name"]]
    if not selected:
        print(f"no case name contains {args.only!r}")
        return 1

    server = AppServer(args.binary)
    passed = failed = pending = strict_cases = ran = 0
    started = time.monotonic()
    try:
        server.start()
        vars_ = {}
        for case in selected:
            name = case["name"]
            ran += 1
            ex = send(server.port, case, vars_)
            problems = capture(case, ex, vars_)
            actual = observe(case, ex, vars_)
            golden = goldens.get(name)
            expected, rule = policy_expectation(case, golden, goldens_by_request)
            notes = [rule] if rule else []
            if expected is None:
                problems.append(("golden", "no golden recorded for this case"))
            else:
                found, accepted = apply_policy(case, expected, actual,
                                               compare(expected, actual, case))
                problems += found
                notes += accepted
            if args.show_policy:
                for note in notes:
                    print(f"POLICY {name}: {note}")
            if args.strict and expected is not None:
                extra = compare_strict(expected, actual)
                strict_cases += bool(extra)
                for field, msg in extra:
                    print(f"STRICT {name}: {field}: {msg}")
            if name in PENDING:
                if problems:
                    pending += 1
                    print(f"PENDING {name}: {PENDING[name]}")
                    if args.verbose:
                        for field, msg in problems:
                            print(f"  pending {name}: {field}: {msg}")
                else:
                    passed += 1
                    print(f"PASSES NOW {name}: pending ({PENDING[name]}), "
                          "but every compared field matches")
            elif problems:
                failed += 1
                for field, msg in problems:
                    print(f"FAIL {name}: {field}: {msg}")
            else:
                passed += 1
        if not server.running():
            failed += 1
            print(f"FAIL server: it exited during the run ({server.describe_exit()}); last output:")
            for line in server.tail():
                print(f"  | {line}")
    except RuntimeError as e:
        failed += 1
        print(f"FAIL server: starting {args.binary}: {e}")
        for line in server.tail():
            print(f"  | {line}")
    finally:
        server.stop()
    if args.strict:
        print(f"strict: {strict_cases} cases differ in secondary fields (informational, not counted)")
    if args.only:
        print(f"(--only {args.only!r}: {len(selected)} of {len(cases)} cases; "
              "cases that depend on earlier ones may differ)")
    print(f"ran {ran} of {len(cases)} cases in {time.monotonic() - started:.2f} s")
    print(f"{passed} passed, {failed} failed" + (f", {pending} pending" if pending else ""))
    return 0 if failed == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the seeds app (build/.../spur-seeds)")
    ap.add_argument("--cases", default=os.path.join(DATA, "cases.jsonl"))
    ap.add_argument("--golden", default=os.path.join(DATA, "golden.jsonl"))
    ap.add_argument("--only", default=None, metavar="SUBSTR",
                    help="run only the cases whose name contains SUBSTR")
    ap.add_argument("--strict", action="store_true",
                    help="also print differences in the reason phrase and secondary headers "
                         "(informational: not counted)")
    ap.add_argument("--show-policy", action="store_true",
                    help="print each difference a Spur policy rule accepted")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print the mismatches of pending cases")
    args = ap.parse_args()

    # SIGTERM and SIGHUP (ctest's timeout, a closed terminal) unwind through run()'s
    # finally, which stops the server, as Ctrl-C's KeyboardInterrupt does.
    def interrupted(signo, _frame):
        raise KeyboardInterrupt(f"signal {signo}")

    for signo in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signo, interrupted)
    try:
        return run(args)
    except KeyboardInterrupt as e:
        print(f"interrupted ({e}); the server was stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
