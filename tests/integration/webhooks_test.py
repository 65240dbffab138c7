#!/usr/bin/env python3
"""examples/webhooks over real HTTP: deliveries signed here, with Python's own
hmac (not Spur's code), as Stripe, GitHub and Clerk (Svix) sign them; a
correct one → 200 {"received":true}, a bad or stale one → 400 with the reason
in the server's log, a redelivery → 200 without a second side effect, and a
server without its secrets refusing to start.

Usage: webhooks_test.py --binary PATH [unittest options]
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
from spur_app import HOST, AppServer, _die_with_parent  # noqa: E402

BINARY = None
STRIPE_SECRET = "whsec_stripe_test_secret"
GITHUB_SECRET = "github secret, new"
GITHUB_OLD_SECRET = "github secret, old"
CLERK_KEY = os.urandom(32)
CLERK_SECRET = "whsec_" + base64.b64encode(CLERK_KEY).decode()
SECRETS = {"STRIPE_WEBHOOK_SECRET": STRIPE_SECRET, "GITHUB_WEBHOOK_SECRET": GITHUB_SECRET,
           "GITHUB_WEBHOOK_SECRET_OLD": GITHUB_OLD_SECRET, "CLERK_WEBHOOK_SECRET": CLERK_SECRET}


def hmac_sha256(key, message):
    return hmac.new(key, message, hashlib.sha256)


def stripe_headers(body, secret=STRIPE_SECRET, t=None):
    t = int(time.time()) if t is None else t
    mac = hmac_sha256(secret.encode(), f"{t}.".encode() + body).hexdigest()
    return {"Stripe-Signature": f"t={t},v1={mac}"}


def github_headers(body, secret=GITHUB_SECRET, delivery=None, event="push"):
    mac = hmac_sha256(secret.encode(), body).hexdigest()
    return {"X-Hub-Signature-256": "sha256=" + mac, "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery or str(uuid.uuid4())}


def svix_headers(body, msg_id, key=CLERK_KEY, t=None):
    t = int(time.time()) if t is None else t
    mac = hmac_sha256(key, f"{msg_id}.{t}.".encode() + body).digest()
    return {"svix-id": msg_id, "svix-timestamp": str(t),
            "svix-signature": "v1," + base64.b64encode(mac).decode()}


class Webhooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = AppServer(BINARY, env=SECRETS).start()

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def post(self, path, body, headers):
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        try:
            c.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
            r = c.getresponse()
            return r.status, json.loads(r.read() or b"null")
        finally:
            c.close()

    def handled(self, source, event_id):
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        try:
            c.request("GET", "/api/events")
            events = json.loads(c.getresponse().read())
        finally:
            c.close()
        return [e for e in events if e["source"] == source and e["id"] == event_id]

    def assert_logged(self, text):
        deadline = time.monotonic() + 5
        while text not in "\n".join(self.app.tail(200)):
            if time.monotonic() > deadline:
                self.fail(f"not in the server's log: {text!r}\n" + "\n".join(self.app.tail(20)))
            time.sleep(0.05)

    REFUSED = (400, {"error": "Invalid webhook signature"})

    def test_stripe(self):
        event_id = "evt_" + uuid.uuid4().hex
        body = json.dumps({"id": event_id, "type": "checkout.session.completed",
                           "data": {"object": {}}}).encode()
        self.assertEqual(self.post("/api/webhooks/stripe", body, stripe_headers(body)),
                         (200, {"received": True}))
        # Stripe redelivers with a new timestamp: handled once.
        self.assertEqual(self.post("/api/webhooks/stripe", body, stripe_headers(body))[0], 200)
        self.assertEqual(self.handled("stripe", event_id),
                         [{"source": "stripe", "id": event_id, "type": "checkout.session.completed"}])
        # Re-serialized JSON is other bytes.
        tampered = json.dumps(json.loads(body), indent=1).encode()
        self.assertEqual(self.post("/api/webhooks/stripe", tampered, stripe_headers(body)), self.REFUSED)
        self.assert_logged("webhook refused (stripe): No signatures found matching the expected signature")
        self.assertEqual(self.post("/api/webhooks/stripe", body, stripe_headers(body, "whsec_other")),
                         self.REFUSED)
        stale = stripe_headers(body, t=int(time.time()) - 301)
        self.assertEqual(self.post("/api/webhooks/stripe", body, stale), self.REFUSED)
        self.assert_logged("webhook refused (stripe): Timestamp outside the tolerance zone")
        self.assertEqual(self.post("/api/webhooks/stripe", body, {}), self.REFUSED)
        self.assert_logged("No stripe-signature header value was provided")

    def test_github_with_a_rotated_secret(self):
        body = json.dumps({"ref": "refs/heads/main"}).encode()
        delivery = str(uuid.uuid4())
        self.assertEqual(self.post("/api/webhooks/github", body, github_headers(body, delivery=delivery)),
                         (200, {"received": True}))
        self.assertEqual(
            self.post("/api/webhooks/github", body, github_headers(body, delivery=delivery))[0], 200)
        self.assertEqual(len(self.handled("github", delivery)), 1)
        old = str(uuid.uuid4())
        self.assertEqual(
            self.post("/api/webhooks/github", body,
                      github_headers(body, secret=GITHUB_OLD_SECRET, delivery=old))[0], 200)
        self.assertEqual(len(self.handled("github", old)), 1)
        self.assertEqual(self.post("/api/webhooks/github", body,
                                   github_headers(body, secret="a guess")), self.REFUSED)
        self.assert_logged("webhook refused (github): No signature matches the payload")

    def test_clerk_under_svix_names(self):
        msg_id = "msg_" + uuid.uuid4().hex
        body = json.dumps({"type": "user.created", "data": {"id": "user_1"}}).encode()
        self.assertEqual(self.post("/api/webhooks/clerk", body, svix_headers(body, msg_id)),
                         (200, {"received": True}))
        self.assertEqual(self.post("/api/webhooks/clerk", body, svix_headers(body, msg_id))[0], 200)
        self.assertEqual(self.handled("clerk", msg_id),
                         [{"source": "clerk", "id": msg_id, "type": "user.created"}])
        # The literal secret as key is Stripe's way, not this scheme's.
        self.assertEqual(self.post("/api/webhooks/clerk", body,
                                   svix_headers(body, msg_id, key=CLERK_SECRET.encode())), self.REFUSED)
        self.assertEqual(self.post("/api/webhooks/clerk", body,
                                   svix_headers(body, msg_id, t=int(time.time()) + 400)), self.REFUSED)
        self.assert_logged("webhook refused (standard): Message timestamp too new")
        other = "msg_" + uuid.uuid4().hex
        headers = svix_headers(body, other)
        headers["svix-id"] = "msg_forged"
        self.assertEqual(self.post("/api/webhooks/clerk", body, headers), self.REFUSED)
        self.assertEqual(self.handled("clerk", "msg_forged"), [])


class Environment(unittest.TestCase):
    def test_refuses_to_start_naming_every_missing_secret(self):
        env = {k: v for k, v in os.environ.items() if not k.endswith("_WEBHOOK_SECRET")}
        env["GITHUB_WEBHOOK_SECRET"] = GITHUB_SECRET
        out = subprocess.run([BINARY, "--port", "0", "--hostname", HOST], env=env, cwd=HERE,
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("'STRIPE_WEBHOOK_SECRET' is not set", out.stderr)
        self.assertIn("'CLERK_WEBHOOK_SECRET' is not set", out.stderr)
        self.assertNotIn("GITHUB_WEBHOOK_SECRET'", out.stderr)
        self.assertNotIn("Local:", out.stdout)

    def test_reads_a_dotenv_file_in_its_folder(self):
        folder = tempfile.mkdtemp(prefix="spur-webhooks-env-")
        try:
            with open(os.path.join(folder, ".env"), "w") as f:
                for k, v in SECRETS.items():
                    f.write(f"{k}='{v}'\n")
            env = {k: v for k, v in os.environ.items() if "WEBHOOK_SECRET" not in k}
            with subprocess.Popen([BINARY, "--port", "0", "--hostname", HOST, "--workers", "1"],
                                  env=env, cwd=folder, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True,
                                  preexec_fn=_die_with_parent) as proc:
                try:
                    lines = []
                    while not any("Environments: .env" in l for l in lines):
                        line = proc.stdout.readline()  # the app prints it right after Local:
                        if not line:
                            self.fail("no Environments line: " + "".join(lines))
                        lines.append(line)
                    self.assertTrue(any("Local:" in l for l in lines))
                finally:
                    proc.kill()  # by its PID, also when the test failed
                    proc.wait(timeout=10)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    BINARY = args.binary
    unittest.main(argv=[sys.argv[0]] + rest)
