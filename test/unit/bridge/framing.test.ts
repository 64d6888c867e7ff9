import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameError, encodeFrame } from '../../../src/bridge/framing.ts';
import { MAX_FRAME_BYTES } from '../../../src/shared/bridge-protocol.ts';

const header = (length: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(length, 0);
  return bytes;
};

/** Every message the decoder yields when fed `chunks` in order; throws its error, if any. */
function decodeAll(chunks: Uint8Array[], decoder = new FrameDecoder()): unknown[] {
  const out: unknown[] = [];
  for (const chunk of chunks) {
    const { messages, error } = decoder.push(chunk);
    out.push(...messages);
    if (error) throw error;
  }
  return out;
}

describe('encodeFrame', () => {
  it('writes the UTF-8 byte length, little-endian, then the JSON', () => {
    const frame = encodeFrame({ a: 'é€😀' });
    const json = JSON.stringify({ a: 'é€😀' });
    expect(json.length).toBe(12); // UTF-16 units …
    expect(frame.readUInt32LE(0)).toBe(17); // … but 2 + 3 + 4 bytes for the three characters
    expect(frame.subarray(4).toString('utf8')).toBe(json);
    expect([...frame.subarray(0, 4)]).toEqual([17, 0, 0, 0]);
  });

  it('frames a message of exactly the limit, and refuses one byte more', () => {
    const exact = 'x'.repeat(MAX_FRAME_BYTES - 2); // the two quotes make it MAX_FRAME_BYTES
    expect(encodeFrame(exact).length).toBe(MAX_FRAME_BYTES + 4);
    expect(() => encodeFrame(`${exact}x`)).toThrow(FrameError);
    try {
      encodeFrame(`${exact}é`); // one character, two bytes: counted in bytes
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'FrameError', kind: 'too-large' });
    }
  });

  it('refuses what is not JSON', () => {
    expect(() => encodeFrame(undefined)).toThrow(TypeError);
  });
});

describe('FrameDecoder', () => {
  const messages = [{ kind: 'changed' }, { n: 1, s: 'ü'.repeat(300) }, [1, 2, 3], 'text', null];
  const stream = Buffer.concat(messages.map((message) => encodeFrame(message)));

  it('decodes many frames from one chunk', () => {
    expect(decodeAll([stream])).toEqual(messages);
  });

  it('decodes byte by byte, the length header split too', () => {
    const bytes = [...stream].map((byte) => Uint8Array.of(byte));
    expect(decodeAll(bytes)).toEqual(messages);
  });

  it('keeps an unfinished frame until the rest comes', () => {
    const decoder = new FrameDecoder();
    const firstEnd = encodeFrame(messages[0]).length;
    expect(decoder.push(stream.subarray(0, 2))).toEqual({ messages: [] });
    expect(decoder.pendingBytes).toBe(2);
    expect(decoder.push(stream.subarray(2, firstEnd + 6)).messages).toEqual([{ kind: 'changed' }]);
    expect(decoder.pendingBytes).toBe(6);
    expect(decodeAll([stream.subarray(firstEnd + 6)], decoder)).toEqual(messages.slice(1));
    expect(decoder.pendingBytes).toBe(0);
  });

  it('decodes an empty string and a frame of exactly the limit', () => {
    const big = 'y'.repeat(MAX_FRAME_BYTES - 2);
    expect(decodeAll([encodeFrame(''), encodeFrame(big)])).toEqual(['', big]);
  });

  it('refuses a declared length over the limit from the header alone, before buffering', () => {
    const decoder = new FrameDecoder();
    const first = decoder.push(Buffer.concat([encodeFrame('before'), header(MAX_FRAME_BYTES + 1)]));
    expect(first.messages).toEqual(['before']);
    expect(first.error).toMatchObject({ kind: 'too-large' });
    expect(decoder.pendingBytes).toBe(0);
    // Stopped for good: a frame after it is not read, the same error comes back.
    const later = decoder.push(encodeFrame('after'));
    expect(later).toEqual({ messages: [], error: first.error });
  });

  it('refuses a 4 GB header without waiting for its body', () => {
    const { error } = new FrameDecoder().push(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(error).toBeInstanceOf(FrameError);
  });

  it('honours a smaller limit of its own', () => {
    const { error } = new FrameDecoder(8).push(encodeFrame('123456789'));
    expect(error).toMatchObject({ kind: 'too-large' });
  });

  it('refuses a frame that is not JSON, or not UTF-8 JSON', () => {
    for (const body of [Buffer.from('{"a":'), Buffer.from('nul'), Buffer.from([0xff, 0xfe])]) {
      const { error } = new FrameDecoder().push(Buffer.concat([header(body.length), body]));
      expect(error).toMatchObject({ name: 'FrameError', kind: 'bad-json' });
    }
  });

  it('decodes any message cut at any points (property)', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.array(json, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (values, cuts) => {
          // Compared as JSON text: -0 and 0 are the same on the wire.
          const expected = values.map((value) => JSON.parse(JSON.stringify(value)) as unknown);
          const bytes = Buffer.concat(values.map((value) => encodeFrame(value)));
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let from = 0;
          for (const point of [...points, bytes.length]) {
            chunks.push(bytes.subarray(from, point));
            from = point;
          }
          expect(decodeAll(chunks)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
