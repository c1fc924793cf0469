"""Ed25519 keys and signatures in minisign's file formats, through PyNaCl (libsodium).

Packs are signed the way `minisign -S` signs a file, so a maintainer or an IT
department can check one with the standard tool too:

    unzip update.ijpack manifest.json manifest.json.minisig
    minisign -Vm manifest.json -p ijref-data.pub

The formats (from minisign's `minisign.h`):

- public key: a comment line, then base64 of `"Ed" || key id (8) || public key (32)`;
- secret key: a comment line, then base64 of `"Ed" || kdf || "B2" || salt (32) ||
  opslimit (8) || memlimit (8) || key id (8) || secret key (64) || checksum (32)`,
  the secret key being libsodium's seed || public key. Keys here are written
  unencrypted (kdf `\\0\\0`, as `minisign -G -W` does); a password-protected
  minisign key is refused with a line saying how to make a usable one;
- signature: an untrusted comment, base64 of `"ED" || key id || Ed25519 over
  BLAKE2b-512(message)`, a trusted comment, and base64 of the global signature
  over the first signature followed by the trusted comment's text.

Key ids are shown as minisign shows them: the 8 bytes read as a little-endian
number, in upper-case hex.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.exceptions import ValueError as NaclValueError
from nacl.signing import SigningKey, VerifyKey

__all__ = [
    "KeyFormatError",
    "PublicKey",
    "SecretKey",
    "Signature",
    "SignatureError",
    "parse_public_key",
    "parse_secret_key",
    "parse_signature",
    "sign",
    "verify",
]

SIG_ALG = b"Ed"
SIG_ALG_HASHED = b"ED"
KDF_NONE = b"\0\0"
KDF_SCRYPT = b"Sc"
CHK_ALG = b"B2"
COMMENT_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
KEY_ID_BYTES = 8
PUBLIC_BYTES = 32
SECRET_BYTES = 64
SIGNATURE_BYTES = 64
_SECRET_STRUCT = 2 + 2 + 2 + 32 + 8 + 8 + KEY_ID_BYTES + SECRET_BYTES + 32
_PUBLIC_STRUCT = 2 + KEY_ID_BYTES + PUBLIC_BYTES
_SIG_STRUCT = 2 + KEY_ID_BYTES + SIGNATURE_BYTES
# minisign's own limits on comment lines
_COMMENT_MAX = 1024
_TRUSTED_MAX = 8192


class KeyFormatError(ValueError):
    """A key or signature file that is not in minisign's format (the message says how)."""


class SignatureError(ValueError):
    """The signature does not match the message and key."""


def _b64(line: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError(f"the {what} is not base64") from None
    if len(raw) != size:
        raise KeyFormatError(f"the {what} has {len(raw)} bytes, not {size}")
    return raw


def _lines(text: str, count: int, what: str) -> list[str]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) < count:
        raise KeyFormatError(f"the {what} has {len(lines)} line(s), not {count}")
    return lines


def key_id_hex(key_id: bytes) -> str:
    """A key id as minisign prints it (`5B7A…`, 16 hex digits)."""
    return f"{int.from_bytes(key_id, 'little'):016X}"


@dataclass(frozen=True, slots=True)
class PublicKey:
    """An Ed25519 public key with minisign's 8-byte key id."""

    key_id: bytes
    raw: bytes
    comment: str = ""

    @property
    def id_hex(self) -> str:
        return key_id_hex(self.key_id)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the key, in groups of four hex digits, for a person to compare."""
        digest = hashlib.sha256(SIG_ALG + self.key_id + self.raw).hexdigest().upper()
        return " ".join(digest[i : i + 4] for i in range(0, 32, 4))

    def to_text(self) -> str:
        """The key file's text, as `minisign -G` writes it."""
        blob = base64.b64encode(SIG_ALG + self.key_id + self.raw).decode("ascii")
        return f"{COMMENT_PREFIX}minisign public key {self.id_hex}\n{blob}\n"


@dataclass(frozen=True, slots=True)
class SecretKey:
    """An Ed25519 signing key with its key id."""

    key_id: bytes
    private: SigningKey

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(secrets.token_bytes(KEY_ID_BYTES), SigningKey.generate())

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, bytes(self.private.verify_key))

    def _secret64(self) -> bytes:
        # libsodium's secret key: the 32-byte seed, then the public key
        return bytes(self.private) + self.public.raw

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of `message`."""
        return bytes(self.private.sign(message).signature)

    def to_text(self) -> str:
        """The secret key file's text, unencrypted (as `minisign -G -W` writes it)."""
        secret = self._secret64()
        checksum = hashlib.blake2b(SIG_ALG + self.key_id + secret, digest_size=32).digest()
        blob = (
            SIG_ALG
            + KDF_NONE
            + CHK_ALG
            + bytes(32 + 8 + 8)  # no salt, no scrypt limits: the key is not encrypted
            + self.key_id
            + secret
            + checksum
        )
        return (
            f"{COMMENT_PREFIX}minisign secret key {self.public.id_hex} (unencrypted)\n"
            f"{base64.b64encode(blob).decode('ascii')}\n"
        )


@dataclass(frozen=True, slots=True)
class Signature:
    """A parsed `.minisig`."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes

    @property
    def key_id_hex(self) -> str:
        return key_id_hex(self.key_id)


def parse_public_key(text: str) -> PublicKey:
    """A public key from a minisign `.pub` file's text (or its bare base64 line).

    Raises:
        KeyFormatError: it is not one.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise KeyFormatError("the public key file is empty")
    comment = ""
    if lines[0].startswith(COMMENT_PREFIX):
        comment = lines[0][len(COMMENT_PREFIX) :].strip()
        lines = lines[1:]
    if len(lines) != 1:
        raise KeyFormatError("a minisign public key is one comment line and one base64 line")
    raw = _b64(lines[0], _PUBLIC_STRUCT, "public key")
    if raw[:2] != SIG_ALG:
        raise KeyFormatError("the public key is not an Ed25519 minisign key")
    return PublicKey(raw[2:10], raw[10:], comment)


def parse_secret_key(text: str) -> SecretKey:
    """A signing key from a minisign secret key file's text.

    Raises:
        KeyFormatError: it is not one, or it is password-protected.
    """
    lines = _lines(text, 2, "secret key file")
    if not lines[0].startswith(COMMENT_PREFIX):
        raise KeyFormatError("a minisign secret key file starts with 'untrusted comment:'")
    raw = _b64(lines[1], _SECRET_STRUCT, "secret key")
    if raw[:2] != SIG_ALG or raw[4:6] != CHK_ALG:
        raise KeyFormatError("the secret key is not an Ed25519 minisign key")
    if raw[2:4] == KDF_SCRYPT:
        raise KeyFormatError(
            "the secret key is password-protected; make a key with `ijref pack keygen` "
            "(or `minisign -G -W`)"
        )
    if raw[2:4] != KDF_NONE:
        raise KeyFormatError("the secret key uses an unknown key derivation")
    key_id = raw[54:62]
    secret = raw[62:126]
    checksum = raw[126:158]
    expected = hashlib.blake2b(SIG_ALG + key_id + secret, digest_size=32).digest()
    # minisign -W leaves the checksum of an unencrypted key zeroed
    if checksum not in (expected, bytes(32)):
        raise KeyFormatError("the secret key's checksum does not match; the file is damaged")
    key = SecretKey(key_id, SigningKey(secret[:32]))
    if key.public.raw != secret[32:]:
        raise KeyFormatError("the secret key's two halves do not match; the file is damaged")
    return key


def _check_comment(text: str, limit: int, what: str) -> str:
    if "\n" in text or "\r" in text or len(text.encode("utf-8")) >= limit:
        raise ValueError(f"the {what} must be one line shorter than {limit} bytes")
    return text


def sign(key: SecretKey, message: bytes, trusted_comment: str, comment: str = "") -> str:
    """A prehashed minisign signature of `message`, as the `.minisig` file's text."""
    _check_comment(trusted_comment, _TRUSTED_MAX, "trusted comment")
    untrusted = _check_comment(
        comment or "signature from ijref pack build", _COMMENT_MAX, "comment"
    )
    digest = hashlib.blake2b(message, digest_size=64).digest()
    first = key.sign(digest)
    second = key.sign(first + trusted_comment.encode("utf-8"))
    blob = base64.b64encode(SIG_ALG_HASHED + key.key_id + first).decode("ascii")
    return (
        f"{COMMENT_PREFIX}{untrusted}\n{blob}\n"
        f"{TRUSTED_PREFIX}{trusted_comment}\n{base64.b64encode(second).decode('ascii')}\n"
    )


def parse_signature(text: str) -> Signature:
    """A `.minisig` file's text, parsed (not checked).

    Raises:
        KeyFormatError: it is not a minisign signature.
    """
    lines = _lines(text, 4, "signature")
    if not lines[0].startswith(COMMENT_PREFIX):
        raise KeyFormatError("a minisign signature starts with 'untrusted comment:'")
    raw = _b64(lines[1], _SIG_STRUCT, "signature")
    if raw[:2] not in (SIG_ALG, SIG_ALG_HASHED):
        raise KeyFormatError("the signature is not an Ed25519 minisign signature")
    if not lines[2].startswith(TRUSTED_PREFIX):
        raise KeyFormatError("a minisign signature's third line starts with 'trusted comment:'")
    trusted = lines[2][len(TRUSTED_PREFIX) :]
    second = _b64(lines[3], SIGNATURE_BYTES, "comment signature")
    return Signature(raw[:2], raw[2:10], raw[10:], trusted, second)


def verify(key: PublicKey, message: bytes, signature: Signature) -> None:
    """Check `signature` over `message` and its trusted comment with `key`.

    Raises:
        SignatureError: the key id differs, or either signature does not verify.
    """
    if signature.key_id != key.key_id:
        raise SignatureError(f"signed with key {signature.key_id_hex}, not {key.id_hex}")
    signed = (
        hashlib.blake2b(message, digest_size=64).digest()
        if signature.algorithm == SIG_ALG_HASHED
        else message
    )
    try:
        public = VerifyKey(key.raw)
        public.verify(signed, signature.signature)
        public.verify(
            signature.signature + signature.trusted_comment.encode("utf-8"),
            signature.global_signature,
        )
    except (BadSignatureError, NaclValueError):
        raise SignatureError("the signature does not match") from None
