"""A small CBOR (RFC 8949) codec for the Kinesis CBOR tests: the subset AWS's CBOR 1.1 protocol
uses, written the way the Java SDKs' Jackson generator writes it.

- encode(): maps and arrays with *indefinite* length (0xBF ... 0xFF, 0x9F ... 0xFF), as Jackson
  writes them; bytes as byte strings (major type 2); Timestamp(ms) as tag 1 + integer epoch
  milliseconds (AWS's deviation from RFC 8949's seconds, which SDK v2 sends).
- decode(): definite and indefinite items of every major type; tag 1 becomes Timestamp with the
  raw tagged value kept, so a test can check that the server sent an integer and not a float.

Python's standard library has no CBOR module, and PyPI is out of reach here.
"""

import struct


class Timestamp:
    """A tag-1 timestamp. `value` is what followed the tag (AWS: integer milliseconds)."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Timestamp) and type(other.value) is type(self.value) \
            and other.value == self.value

    def __repr__(self):
        return "Timestamp(%r)" % (self.value,)


class Undefined:
    def __repr__(self):
        return "undefined"


UNDEFINED = Undefined()


def _head(major, value):
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise ValueError("integer too large for CBOR: %d" % value)


def encode(value, definite=False):
    """CBOR bytes of `value` (dict, list, str, bytes, int, float, bool, None, Timestamp).
    Containers are indefinite-length unless `definite`."""
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, Timestamp):
        return b"\xc1" + encode(value.value, definite)
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, (bytes, bytearray)):
        return _head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, (list, tuple)):
        body = b"".join(encode(v, definite) for v in value)
        return (_head(4, len(value)) + body) if definite else (b"\x9f" + body + b"\xff")
    if isinstance(value, dict):
        body = b"".join(encode(k, definite) + encode(v, definite) for k, v in value.items())
        return (_head(5, len(value)) + body) if definite else (b"\xbf" + body + b"\xff")
    raise TypeError("cannot encode %r as CBOR" % (value,))


class _Reader:
    def __init__(self, data):
        self.data = bytes(data)
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("truncated CBOR")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def argument(self, info):
        if info < 24:
            return info
        sizes = {24: ">B", 25: ">H", 26: ">I", 27: ">Q"}
        if info not in sizes:
            raise ValueError("bad CBOR additional info %d" % info)
        fmt = sizes[info]
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def at_break(self):
        if self.data[self.pos:self.pos + 1] == b"\xff":
            self.pos += 1
            return True
        return False

    def item(self):
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if major in (2, 3) and info == 31:
            parts = []
            while not self.at_break():
                parts.append(self.item())
            return b"".join(parts) if major == 2 else "".join(parts)
        if major == 4 and info == 31:
            out = []
            while not self.at_break():
                out.append(self.item())
            return out
        if major == 5 and info == 31:
            out = {}
            while not self.at_break():
                key = self.item()
                out[key] = self.item()
            return out
        if major == 7:
            return self.simple(info)
        n = self.argument(info)
        if major == 0:
            return n
        if major == 1:
            return -1 - n
        if major == 2:
            return self.take(n)
        if major == 3:
            return self.take(n).decode("utf-8")
        if major == 4:
            return [self.item() for _ in range(n)]
        if major == 5:
            out = {}
            for _ in range(n):
                key = self.item()
                out[key] = self.item()
            return out
        tagged = self.item()  # major 6
        return Timestamp(tagged) if n == 1 else tagged

    def simple(self, info):
        if info == 20:
            return False
        if info == 21:
            return True
        if info == 22:
            return None
        if info == 23:
            return UNDEFINED
        if info == 25:
            return _half(self.take(2))
        if info == 26:
            return struct.unpack(">f", self.take(4))[0]
        if info == 27:
            return struct.unpack(">d", self.take(8))[0]
        raise ValueError("unsupported CBOR simple value %d" % info)


def _half(raw):
    bits = struct.unpack(">H", raw)[0]
    sign = -1.0 if bits & 0x8000 else 1.0
    exponent, fraction = (bits >> 10) & 0x1F, bits & 0x3FF
    if exponent == 0:
        return sign * fraction * 2.0 ** -24
    if exponent == 31:
        return sign * float("inf") if fraction == 0 else float("nan")
    return sign * (1 + fraction / 1024.0) * 2.0 ** (exponent - 15)


def decode(data):
    """The one CBOR item in `data`; ValueError when there are bytes left over."""
    reader = _Reader(data)
    value = reader.item()
    if reader.pos != len(reader.data):
        raise ValueError("%d bytes after the CBOR item" % (len(reader.data) - reader.pos))
    return value
