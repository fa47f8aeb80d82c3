"""HTTP Signatures as Mastodon sends and checks them (draft-cavage-http-signatures-12).

Why written here, with `cryptography` for RSA: the maintained Python libraries
(http-message-signatures, requests-http-signature 2.x) implement RFC 9421, which
Mastodon does not send by default and which other servers do not check yet;
the one library for the cavage draft (httpsig) has had no release since 2018.
The draft's part is small: a signing string of named headers, RSA-SHA256 over
it, and a Digest header of the body.

Signed requests carry `(request-target) host date digest` (POST) or
`(request-target) host date` (GET). Checks: the algorithm, those headers being
covered, a Date within FEDIVERSE_SIGNATURE_MAX_AGE_SECONDS, the Digest against
the body, the RSA signature against the key, and no replay of a signature seen
within that time.
"""

import base64
import datetime
import hashlib
import re
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

from newsdesk.fediverse import conf

_PARAM = re.compile(r'(\w+)="([^"]*)"')
REQUIRED = {"(request-target)", "host", "date"}


class SignatureError(Exception):
    """The request is not signed as the fediverse signs; the message says how."""


def new_key_pair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public.decode()


def digest(body):
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def signing_string(names, method, path, headers):
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
        else:
            value = headers.get(name)
            if value is None:
                raise SignatureError(f"the signed header {name!r} is missing")
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def sign(method, url, key_id, private_pem, body=None, headers=None):
    """The headers to send with a request: Host, Date, Digest (with a body), Signature."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    signed = {"host": parts.netloc, "date": format_datetime(timezone.now(), usegmt=True)}
    names = ["(request-target)", "host", "date"]
    if body is not None:
        signed["digest"] = digest(body)
        names.append("digest")
    if headers and "content-type" in {name.lower() for name in headers}:
        signed["content-type"] = next(v for k, v in headers.items()
                                      if k.lower() == "content-type")
        names.append("content-type")
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    text = signing_string(names, method, path, signed)
    signature = base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256()))
    signed["signature"] = (f'keyId="{key_id}",algorithm="rsa-sha256",'
                           f'headers="{" ".join(names)}",signature="{signature.decode()}"')
    return {name.title() if name != "digest" else "Digest": value
            for name, value in signed.items()}


def parse(header):
    """The Signature header's parameters; SignatureError when it is not one."""
    if not header or len(header) > 4096:
        raise SignatureError("no Signature header")
    params = dict(_PARAM.findall(header))
    for name in ("keyId", "signature"):
        if not params.get(name):
            raise SignatureError(f"the Signature header has no {name}")
    if params.get("algorithm", "rsa-sha256").lower() not in ("rsa-sha256", "hs2019"):
        raise SignatureError(f"algorithm {params.get('algorithm')!r} is not accepted")
    return params


def verify(method, path, headers, body, params, public_pem):
    """Check a parsed signature against the request and a PEM public key."""
    headers = {name.lower(): value for name, value in headers.items()}
    names = params.get("headers", "date").lower().split()
    wanted = REQUIRED | ({"digest"} if method.upper() == "POST" else set())
    missing = wanted - set(names)
    if missing:
        raise SignatureError(f"the signature does not cover {', '.join(sorted(missing))}")
    check_date(headers.get("date"))
    if method.upper() == "POST":
        if headers.get("digest", "").split(",")[0].strip() != digest(body):
            raise SignatureError("the Digest does not match the body")
    text = signing_string(names, method, path, headers)
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
        key.verify(base64.b64decode(params["signature"], validate=True), text.encode(),
                   padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, TypeError):
        raise SignatureError("the signature does not match") from None
    remember(params["signature"])


def check_date(value):
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise SignatureError("the Date header is missing or malformed") from None
    if moment.tzinfo is None:
        raise SignatureError("the Date header has no time zone")
    if abs((timezone.now() - moment).total_seconds()) > conf.get("SIGNATURE_MAX_AGE_SECONDS"):
        raise SignatureError("the Date is too old or in the future: a stale signature")


def remember(signature):
    """Refuse a signature seen before (a replayed request), for as long as its Date is valid.

    In the database, not a per-process cache: every worker process and machine sees it.
    """
    from django.db import IntegrityError, transaction

    from newsdesk.fediverse.models import SeenSignature

    now = timezone.now()
    try:
        with transaction.atomic():
            SeenSignature.objects.create(
                digest=hashlib.sha256(signature.encode()).hexdigest(), seen_at=now)
    except IntegrityError:
        raise SignatureError("this signature was used before: a replayed request") from None
    window = datetime.timedelta(seconds=2 * conf.get("SIGNATURE_MAX_AGE_SECONDS"))
    SeenSignature.objects.filter(seen_at__lt=now - window).delete()
