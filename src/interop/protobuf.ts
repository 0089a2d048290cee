// The part of the protocol-buffers wire format that an ONNX file needs, written out: varints (wire
// type 0), fixed 32-bit floats (5) and length-delimited fields (2: strings, bytes, nested messages).
// A message keeps its pieces and their total length, so that a nested message is prefixed by its
// length without being copied; the bytes are joined once, at the end.
// https://protobuf.dev/programming-guides/encoding/

const WIRE_VARINT = 0;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

/** A protobuf message being written: fields in the order they are added. @internal */
export class ProtoMessage {
  private readonly parts: Uint8Array[] = [];
  /** Its encoded length in bytes. */
  length = 0;

  /** A varint field (int32, int64, enum): `value` an integer in [-2^63, 2^63); negatives take 10 bytes. */
  int(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    return this.push(varint(value));
  }

  /** A `float` field (fixed 32-bit, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.push(bytes);
  }

  /** A `string` field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH);
    this.push(varint(value.length));
    return this.push(value);
  }

  /** A nested message field: its length, then its pieces (not copied). */
  message(field: number, value: ProtoMessage): this {
    this.tag(field, WIRE_LENGTH);
    this.push(varint(value.length));
    for (const part of value.parts) this.push(part);
    return this;
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  private tag(field: number, wire: number): void {
    this.push(varint(field * 8 + wire));
  }

  private push(part: Uint8Array): this {
    this.parts.push(part);
    this.length += part.length;
    return this;
  }
}

/** Base-128 varint, least significant group first; a negative int64 as its 64-bit two's complement. @internal */
export function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError(`varint: ${value} is not a safe integer`);
  const out: number[] = [];
  if (value < 0) {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
  } else {
    // division, not >>>: values past 2^32 (a varint field holds up to 64 bits) stay exact
    let v = value;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}
