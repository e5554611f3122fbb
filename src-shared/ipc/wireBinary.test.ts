import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './wireBinary';

describe('binary wire frames', () => {
  it('a frame without typed arrays stays JSON text', () => {
    const f = { kind: 'response', id: 3, ok: true, result: { a: [1, 'x', null] } };
    const e = encodeFrame(f);
    expect(typeof e).toBe('string');
    expect(decodeFrame(e)).toEqual(f);
  });

  it('typed arrays travel as bytes and come back as the same kind and values', () => {
    const z0 = Float32Array.from([0.5, 1, 1 / 3, -0]);
    const dn = Uint8Array.from([0, 255, 7]); // odd length: the next part is still aligned
    const f64 = Float64Array.from([Math.PI]);
    const sub = new Float32Array([9, 8, 7, 6]).subarray(1, 3); // a view with an offset
    const frame = { kind: 'response', id: 1, ok: true, result: { width: 2, z0, dn, nested: [{ f64 }], sub } };
    const e = encodeFrame(frame);
    expect(e).toBeInstanceOf(Uint8Array);
    // As a WebSocket receiver sees it: an ArrayBuffer of exactly the message.
    const buf = (e as Uint8Array).slice().buffer;
    const back = decodeFrame(buf) as typeof frame;
    expect(back.result.z0).toBeInstanceOf(Float32Array);
    expect([...back.result.z0]).toEqual([...z0]);
    expect([...back.result.dn]).toEqual([0, 255, 7]);
    expect(back.result.nested[0]?.f64[0]).toBe(Math.PI);
    expect([...back.result.sub]).toEqual([8, 7]);
    expect(back.result.width).toBe(2);
    // A message that does not start on an 8-byte boundary in its buffer decodes too.
    const shifted = new Uint8Array((e as Uint8Array).length + 1);
    shifted.set(e as Uint8Array, 1);
    expect([...(decodeFrame(shifted.subarray(1)) as typeof frame).result.z0]).toEqual([...z0]);
  });

  it('a damaged binary message throws instead of yielding garbage', () => {
    const e = encodeFrame({ a: new Float32Array(4) }) as Uint8Array;
    expect(() => decodeFrame(e.subarray(0, e.length - 8))).toThrow(/truncated/);
    const bad = e.slice();
    bad[0] = 0;
    expect(() => decodeFrame(bad)).toThrow(/magic/);
  });
});

describe('wireBinary: messages from outside (the page, to main)', () => {
  /** A message with a hand-written header over `payload`. */
  function message(header: unknown, payload = new Uint8Array(8)): Uint8Array {
    const h = new TextEncoder().encode(JSON.stringify(header));
    const start = (8 + h.length + 7) & ~7;
    const out = new Uint8Array(start + payload.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, 0x3142564c, true);
    v.setUint32(4, h.length, true);
    out.set(h, 8);
    out.set(payload, start);
    return out;
  }

  it('refuses kinds that are not typed arrays, even inherited names', () => {
    for (const type of ['toString', 'constructor', 'DataView', '__proto__'])
      expect(() => decodeFrame(message({ frame: { $bin: 0 }, parts: [{ type, bytes: 8 }] }))).toThrow(
        /bad part/,
      );
    expect(() =>
      decodeFrame(message({ frame: { $bin: 0.5 }, parts: [{ type: 'Uint8Array', bytes: 8 }] })),
    ).toThrow(/unknown part/);
  });

  it('keeps a `__proto__` key as a plain key', () => {
    const back = decodeFrame(
      message({
        frame: { a: JSON.parse('{"__proto__": {"polluted": 1}}') as unknown, b: { $bin: 0 } },
        parts: [{ type: 'Uint8Array', bytes: 8 }],
      }),
    ) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.a)).toBe(Object.prototype);
    expect(Object.keys(back.a)).toEqual(['__proto__']);
    expect((back.a as { polluted?: number }).polluted).toBeUndefined();
  });

  it('decodes a Node Buffer that starts off an 8-byte boundary (its slice() would not copy)', () => {
    // Buffer's slice() without Node: a view, not a copy.
    class ViewSlice extends Uint8Array {
      override slice(start?: number, end?: number): ViewSlice {
        return this.subarray(start, end) as ViewSlice;
      }
    }
    const e = encodeFrame({ z: Float32Array.of(1.5, -2) }) as Uint8Array;
    const pool = new ViewSlice(e.length + 3);
    pool.set(e, 3);
    const back = decodeFrame(pool.subarray(3)) as { z: Float32Array };
    expect([...back.z]).toEqual([1.5, -2]);
  });
});

describe('wireBinary: Uint8Array subclasses', () => {
  it('sends a Node Buffer (what fs and yauzl give) as its bytes, not as its JSON form', () => {
    // Buffer's shape without Node: a Uint8Array subclass whose toJSON runs before JSON.stringify's replacer.
    class NodeLikeBuffer extends Uint8Array {
      toJSON(): unknown {
        return { type: 'Buffer', data: [...this] };
      }
    }
    const buf = NodeLikeBuffer.from([1, 2, 3, 250]);
    const e = encodeFrame({ kind: 'response', id: 1, ok: true, result: { bytes: buf } });
    expect(e).toBeInstanceOf(Uint8Array);
    const back = decodeFrame(e) as { result: { bytes: Uint8Array } };
    expect(back.result.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.result.bytes]).toEqual([1, 2, 3, 250]);
  });
});
