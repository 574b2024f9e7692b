"""A pretend LMS for the LTI tests: its own RSA key and JWKS, an OIDC auth
endpoint, an OAuth2 token endpoint, AGS line items and scores, an NRPS
roster, and a course page that frames Casebook; all over real HTTP on
127.0.0.1 (a thread), so pylti1p3 fetches and posts exactly as in production."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from jwcrypto.jwk import JWK

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER, INSTRUCTOR = ROLE + "Learner", ROLE + "Instructor"
CLIENT_ID = "casebook-client"
DEPLOYMENT_ID = "deployment-1"


class Platform:
    def __init__(self, host="127.0.0.1"):
        self.key = JWK.generate(kty="RSA", size=2048, kid=f"platform-{uuid.uuid4().hex[:8]}")
        self.private_pem = self.key.export_to_pem(private_key=True, password=None)
        self.tool_jwks = None  # the tool's public keys, to check its token requests
        self.scores: list[dict] = []
        self.line_items: dict[str, dict] = {}
        self.members: list[dict] = []
        self.fail_scores = False
        self.token_requests = 0
        self.launch = {}  # what the /auth endpoint puts in the id_token (browser test)
        self.tool_launch_url = ""
        self.tool_login_url = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://{host}:{self.server.server_port}"  # "localhost": same site as the live server
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def issuer(self):
        return self.url

    def jwks(self):
        return {"keys": [{**json.loads(self.key.export_public()), "alg": "RS256", "use": "sig"}]}

    def context_claims(self, context_id="course-101", title="History 101"):
        return {
            LTI + "context": {"id": context_id, "title": title, "label": "HIST101",
                              "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.url}/memberships/{context_id}",
                "service_versions": ["2.0"]},
        }

    def ags_claim(self, lineitem=None):
        claim = {"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                           "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                 "lineitems": f"{self.url}/lineitems"}
        if lineitem:
            claim["lineitem"] = lineitem
        return {"https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": claim}

    def id_token(self, *, nonce, sub="learner-1", roles=(LEARNER,), message_type="LtiResourceLinkRequest",
                 custom=None, aud=CLIENT_ID, deployment_id=DEPLOYMENT_ID, expires_in=300, key_pem=None,
                 target_link_uri="http://testserver/lti/launch/", extra=None, kid=None):
        now = int(time.time())
        body = {
            "iss": self.issuer, "aud": aud, "sub": sub, "iat": now - 5, "exp": now + expires_in, "nonce": nonce,
            "given_name": "Nino", "family_name": "Beridze", "name": "Nino Beridze",
            "email": f"{sub}@school.example",
            LTI + "deployment_id": deployment_id, LTI + "message_type": message_type, LTI + "version": "1.3.0",
            LTI + "roles": list(roles), LTI + "target_link_uri": target_link_uri,
        }
        if message_type == "LtiResourceLinkRequest":
            body[LTI + "resource_link"] = {"id": f"link-{(custom or {}).get('casebook', 'home')}"}
        else:
            body["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep-link-return", "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"], "data": "opaque-platform-data"}
        if custom:
            body[LTI + "custom"] = custom
        body.update(self.context_claims())
        body.update(extra or {})
        return jwt.encode(body, key_pem or self.private_pem, algorithm="RS256",
                          headers={"kid": kid or self.key["kid"]})

    def verify_tool_jwt(self, token, audience):
        """Check a JWT the tool signed (token request, deep-linking response) against its JWKS."""
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self.tool_jwks["keys"]:
            if key.get("kid") == kid:
                public = JWK.from_json(json.dumps(key)).export_to_pem()
                return jwt.decode(token, public, algorithms=["RS256"], audience=audience)
        raise AssertionError(f"no tool key {kid}")

    def scores_for(self, user_id):
        return [score for score in self.scores if score["userId"] == user_id]


def _handler(platform: Platform):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json", headers=()):
            data = body if isinstance(body, bytes) else (
                body.encode() if isinstance(body, str) else json.dumps(body).encode())
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self):
            return self.headers.get("Authorization") == "Bearer platform-access-token"

        def _body(self):
            return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path == "/jwks":
                return self._send(200, platform.jwks())
            if url.path.startswith("/memberships/"):
                if not self._authorised():
                    return self._send(401, {"error": "unauthorised"})
                return self._send(200, {"id": self.path, "context": {"id": url.path.rsplit("/", 1)[1]},
                                        "members": platform.members},
                                  "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
            if url.path == "/lineitems":
                if not self._authorised():
                    return self._send(401, {"error": "unauthorised"})
                return self._send(200, list(platform.line_items.values()),
                                  "application/vnd.ims.lis.v2.lineitemcontainer+json")
            if url.path == "/auth":
                return self._auth(parse_qs(url.query))
            if url.path == "/course":
                query = urlencode({"iss": platform.issuer, "login_hint": "learner-1", "client_id": CLIENT_ID,
                                   "target_link_uri": platform.tool_launch_url,
                                   "lti_deployment_id": DEPLOYMENT_ID})
                page = (f"<!DOCTYPE html><html><head><title>LMS course</title></head><body><h1>LMS course</h1>"
                        f'<iframe id="tool" title="Casebook" width="1000" height="700" '
                        f'src="{platform.tool_login_url}?{query}"></iframe></body></html>')
                return self._send(200, page, "text/html")
            return self._send(404, {"error": "not found"})

        def _auth(self, params):
            """OIDC authorisation: sign an id_token for the browser and post it to the tool."""
            first = {key: values[0] for key, values in params.items()}
            token = platform.id_token(nonce=first["nonce"], target_link_uri=first["redirect_uri"],
                                      **platform.launch)
            page = (f'<!DOCTYPE html><html><body><form id="f" method="post" action="{first["redirect_uri"]}">'
                    f'<input type="hidden" name="id_token" value="{token}">'
                    f'<input type="hidden" name="state" value="{first["state"]}"></form>'
                    f'<script>document.getElementById("f").submit()</script></body></html>')
            return self._send(200, page, "text/html")

        def do_POST(self):
            url = urlsplit(self.path)
            body = self._body()
            if url.path == "/token":
                form = {key: values[0] for key, values in parse_qs(body).items()}
                platform.verify_tool_jwt(form["client_assertion"], audience=f"{platform.url}/token")
                platform.token_requests += 1
                return self._send(200, {"access_token": "platform-access-token", "token_type": "Bearer",
                                        "expires_in": 3600, "scope": form.get("scope", "")})
            if not self._authorised():
                return self._send(401, {"error": "unauthorised"})
            if url.path == "/lineitems":
                item = json.loads(body)
                item["id"] = f"{platform.url}/lineitems/{len(platform.line_items) + 1}"
                platform.line_items[item["id"]] = item
                return self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
            if url.path.startswith("/lineitems/") and url.path.endswith("/scores"):
                if platform.fail_scores:
                    return self._send(503, {"error": "gradebook offline"})
                score = json.loads(body)
                score["lineitem"] = f"{platform.url}{url.path.removesuffix('/scores')}"
                platform.scores.append(score)
                return self._send(200, {})
            return self._send(404, {"error": "not found"})

    return Handler
