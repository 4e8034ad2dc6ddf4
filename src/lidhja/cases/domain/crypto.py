"""Encryption of personal data at rest: AES-256-GCM with keys kept outside the database.

The keyring is a small JSON document, from the environment (`LIDHJA_CASE_KEYRING`) or from a
file (`LIDHJA_CASE_KEYRING_FILE`, by default `keys/case-keyring.json` in the data folder,
created with mode 0600 by `lidhja setup` when no keyring is configured):

    {"current": "k2", "keys": {"k1": "<base64 32 bytes>", "k2": "..."}, "index": "<base64>"}

Every sealed value names the key that sealed it, so old keys keep opening old values while new
ones are sealed with the current key; `lidhja cases reencrypt` moves everything to the current
key. Each value is bound to the row it belongs to (associated data), so a ciphertext copied
into another row does not open. `index` keys the blind index: an HMAC of normalised name parts
that lets a name be searched for without decrypting every person. It reveals only which rows
share a name part, to someone who holds the database but not the keys.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"L1"
NONCE_BYTES = 12


class KeyringError(RuntimeError):
    """The keyring is missing, malformed, or lacks the key a value was sealed with."""


class Tampered(ValueError):
    """A sealed value does not open: it was altered, moved to another row, or the key is wrong."""


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]
    index: bytes

    @classmethod
    def parse(cls, text: str) -> "Keyring":
        try:
            doc = json.loads(text)
            keys = {str(k): base64.b64decode(v, validate=True) for k, v in doc["keys"].items()}
            index = base64.b64decode(doc["index"], validate=True)
            current = str(doc["current"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyringError(
                "the case keyring is not valid JSON of the documented shape"
            ) from exc
        if current not in keys:
            raise KeyringError("the case keyring's current key is not among its keys")
        if any(len(key) != 32 for key in keys.values()) or len(index) < 32:
            raise KeyringError("case keys must be 32 bytes and the index key at least 32")
        if any(not key_id or len(key_id.encode()) > 32 for key_id in keys):
            raise KeyringError("key names must be 1 to 32 bytes long")
        return cls(current, keys, index)

    def dumps(self) -> str:
        return json.dumps(
            {
                "current": self.current,
                "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()},
                "index": base64.b64encode(self.index).decode(),
            },
            indent=2,
        )

    @classmethod
    def generate(cls) -> "Keyring":
        key_id = _new_key_id()
        return cls(key_id, {key_id: AESGCM.generate_key(bit_length=256)}, secrets.token_bytes(32))

    def rotated(self) -> "Keyring":
        """The same keyring with a new current key; the old keys stay to open old values."""
        key_id = _new_key_id()
        while key_id in self.keys:
            key_id = _new_key_id()
        keys = {key_id: AESGCM.generate_key(bit_length=256), **self.keys}
        return Keyring(key_id, keys, self.index)

    def seal(self, plaintext: bytes, context: str) -> bytes:
        key_id = self.current.encode()
        nonce = os.urandom(NONCE_BYTES)
        aad = MAGIC + key_id + b"|" + context.encode()
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, plaintext, aad)
        return MAGIC + bytes([len(key_id)]) + key_id + nonce + sealed

    def key_of(self, token: bytes) -> str:
        if len(token) < 3 or token[:2] != MAGIC:
            raise Tampered("not a sealed value")
        return token[3 : 3 + token[2]].decode()

    def open(self, token: bytes, context: str) -> bytes:
        token = bytes(token)
        key_id = self.key_of(token)
        if key_id not in self.keys:
            raise KeyringError(f"the keyring lacks key {key_id!r}")
        start = 3 + len(key_id.encode())
        nonce, sealed = token[start : start + NONCE_BYTES], token[start + NONCE_BYTES :]
        aad = MAGIC + key_id.encode() + b"|" + context.encode()
        try:
            return AESGCM(self.keys[key_id]).decrypt(nonce, sealed, aad)
        except InvalidTag as exc:
            raise Tampered("a sealed value does not open") from exc

    def blind_index(self, term: str) -> str:
        digest = hmac.new(self.index, normalise(term).encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def token(self, key_name: str, value: str) -> str:
        """A keyed token of `value` for record linkage (cases.domain.tokens), under a key of its
        own derived from the index key for `key_name`: tokens of one kind compare only with
        tokens of the same key, and none compares with the name search's blind index."""
        digest = hmac.new(_derived_key(self.index, key_name), value.encode(), hashlib.sha256)
        return digest.hexdigest()[:32]


@cache
def _derived_key(index: bytes, key_name: str) -> bytes:
    info = b"lidhja/person-token/" + key_name.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(index)


def _new_key_id() -> str:
    return "k" + secrets.token_hex(4)


def normalise(term: str) -> str:
    """Case- and accent-insensitive form of a name part: "Çela" and "cela" index alike."""
    decomposed = unicodedata.normalize("NFKD", term.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_parts(*names: str) -> set[str]:
    parts: set[str] = set()
    for name in names:
        parts.update(p for p in normalise(name or "").replace("-", " ").split() if p)
    return parts


def keyring_file() -> Path:
    return Path(settings.LIDHJA_CASE_KEYRING_FILE)


def write_keyring(ring: Keyring, path: Path) -> None:
    """Write `ring` to `path` readable by its owner only, replacing the file atomically."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(ring.dumps())
    os.replace(temporary, path)


@cache
def _load(text: str) -> Keyring:
    return Keyring.parse(text)


def keyring() -> Keyring:
    """The configured keyring: the environment's, else the key file's. Never generated here."""
    text = settings.LIDHJA_CASE_KEYRING
    if not text:
        path = keyring_file()
        if not path.exists():
            raise KeyringError(
                f"no case keyring: set LIDHJA_CASE_KEYRING or run `lidhja setup` to create {path}"
            )
        text = path.read_text(encoding="utf-8")
    return _load(text)


def ensure_keyring_file() -> Path | None:
    """Create the key file when no keyring is configured; the path created, or None."""
    if settings.LIDHJA_CASE_KEYRING or keyring_file().exists():
        return None
    write_keyring(Keyring.generate(), keyring_file())
    return keyring_file()


def seal_text(text: str, context: str) -> bytes:
    return keyring().seal(text.encode("utf-8"), context)


def open_text(token: bytes | None, context: str) -> str:
    if not token:
        return ""
    return keyring().open(token, context).decode("utf-8")


class SealedRow(Protocol):
    """A row whose sealed values are bound to its own context (`Person.context`, ...)."""

    @property
    def context(self) -> str: ...


def json_bytes(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True).encode("utf-8")


def seal_json(value: dict[str, Any], context: str) -> bytes:
    return keyring().seal(json_bytes(value), context)


def open_json(token: bytes | None, context: str) -> dict[str, Any]:
    if not token:
        return {}
    value: dict[str, Any] = json.loads(keyring().open(token, context))
    return value
