/**
 * Frames with typed arrays in them (depth maps, masks, frames, and the bytes the page sends: image and
 * project files, project entries, upload pieces) travel over the browser host's WebSocket, both ways, as
 * one binary message instead of JSON with base64 (a 16384 px depth map as base64 would pass V8's string
 * limit, and costs a third more bytes plus two copies). Layout, little-endian:
 *   "LVB1" | u32 header length | header (UTF-8 JSON) | zero padding to 8 | each array's bytes, padded to 8
 * The header is `{ frame, parts }`: the frame with each typed array replaced by `{ "$bin": i }`, and per
 * array its constructor name and byte length. The receiver gets views over the message (no copy). Frames
 * without typed arrays stay plain JSON text.
 */
const MAGIC = 0x3142564c; // "LVB1" read as u32 LE
const KINDS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type Kind = keyof typeof KINDS;
type Typed = InstanceType<(typeof KINDS)[Kind]>;
interface Part {
  type: Kind;
  bytes: number;
}

const pad8 = (n: number): number => (n + 7) & ~7;

function kindOf(v: unknown): Kind | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  const name = v.constructor.name;
  return name in KINDS ? (name as Kind) : null;
}

/** JSON text, or the binary message above when the frame holds typed arrays. */
export function encodeFrame(frame: unknown): string | Uint8Array {
  const arrays: Typed[] = [];
  const parts: Part[] = [];
  const json = JSON.stringify(frame, function (this: Record<string, unknown>, key: string, value: unknown) {
    // The holder's own value: a Node Buffer (a Uint8Array) has already become `{type, data}` by its toJSON.
    const raw = this[key];
    if (raw !== value && raw instanceof Uint8Array)
      value = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    const kind = kindOf(value);
    if (!kind) return value;
    arrays.push(value as Typed);
    parts.push({ type: kind, bytes: (value as Typed).byteLength });
    return { $bin: arrays.length - 1 };
  });
  if (arrays.length === 0) return json;
  const header = new TextEncoder().encode(JSON.stringify({ frame: JSON.parse(json) as unknown, parts }));
  let size = pad8(8 + header.length);
  for (const p of parts) size += pad8(p.bytes);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  let o = pad8(8 + header.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), o);
    o += pad8(a.byteLength);
  }
  return out;
}

/** The frame of a text or binary message; binary parts come back as typed arrays over `data`. */
export function decodeFrame(data: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof data === 'string') return JSON.parse(data);
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < 8) throw new Error('binary frame: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('binary frame: bad magic');
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.byteLength) throw new Error('binary frame: truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as {
    frame: unknown;
    parts: Part[];
  };
  if (!Array.isArray(header.parts)) throw new Error('binary frame: no parts');
  // Views need aligned offsets: the parts start at multiples of 8 from the message start, so copy the
  // message once when it does not itself start at one (`new Uint8Array(x)` copies; a Node Buffer's
  // slice() would not).
  const base = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  let o = pad8(8 + headerLength);
  const arrays = header.parts.map((p) => {
    // The message may come from outside (the page): only own keys name a kind (not `toString`).
    const Ctor = p && typeof p === 'object' && Object.hasOwn(KINDS, p.type) ? KINDS[p.type] : undefined;
    if (!Ctor || !Number.isInteger(p.bytes) || p.bytes < 0 || p.bytes % Ctor.BYTES_PER_ELEMENT !== 0)
      throw new Error('binary frame: bad part');
    if (o + p.bytes > base.byteLength) throw new Error('binary frame: truncated part');
    const a = new Ctor(base.buffer as ArrayBuffer, base.byteOffset + o, p.bytes / Ctor.BYTES_PER_ELEMENT);
    o += pad8(p.bytes);
    return a;
  });
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v === null || typeof v !== 'object') return v;
    const rec = v as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.length === 1 && typeof rec['$bin'] === 'number') {
      const a = Number.isInteger(rec['$bin']) ? arrays[rec['$bin']] : undefined;
      if (!a) throw new Error('binary frame: unknown part');
      return a;
    }
    const out: Record<string, unknown> = {};
    // defineProperty: a `__proto__` key stays a plain key (assignment would set the object's prototype).
    for (const k of keys)
      Object.defineProperty(out, k, {
        value: revive(rec[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  };
  return revive(header.frame);
}
