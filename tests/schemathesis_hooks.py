"""Schemathesis hooks: MessagePack bodies (the spec lists application/msgpack beside JSON for
every body-carrying operation), so generated requests are also sent, and responses validated,
as MessagePack. Loaded by tests/schemathesis.sh through SCHEMATHESIS_HOOKS."""

import msgpack
import schemathesis


def _fit(value):
    """MessagePack integers are 64-bit; a larger generated integer goes as the float JSON would
    read it as (infinity beyond f64, which the server refuses as JSON refuses 1e999)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and not -(2**63) <= value < 2**64:
        try:
            return float(value)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")
    if isinstance(value, list):
        return [_fit(v) for v in value]
    if isinstance(value, dict):
        return {k: _fit(v) for k, v in value.items()}
    return value


@schemathesis.serializer("application/msgpack")
def to_msgpack(ctx, value):
    return msgpack.packb(_fit(value), use_bin_type=True)


@schemathesis.deserializer("application/msgpack")
def from_msgpack(ctx, response):
    return msgpack.unpackb(response.content, raw=False)
