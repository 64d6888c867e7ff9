/**
 * Frames of the bridge, the same on both hops (native messaging on the host's stdio, and the Unix
 * socket between the CLI and the host): a 4-byte little-endian length, then that many bytes of
 * UTF-8 JSON. Chrome and Firefox use the machine's byte order for native messaging; every
 * platform they run on is little-endian, so the socket hop uses the same layout and one codec.
 */
import { MAX_FRAME_BYTES } from '../shared/bridge-protocol.ts';

const HEADER_BYTES = 4;

export type FrameErrorKind = 'too-large' | 'bad-json';

/** A frame that must not be read: the stream it came on cannot be trusted any further. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly kind: FrameErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The frame of one message; throws FrameError('too-large') rather than send what the peer refuses. */
export function encodeFrame(message: unknown, maxBytes = MAX_FRAME_BYTES): Buffer {
  const json = JSON.stringify(message);
  if (json === undefined) throw new TypeError('Only a JSON value can be framed.');
  const length = Buffer.byteLength(json, 'utf8');
  if (length > maxBytes) {
    throw new FrameError('too-large', `A message of ${length} bytes is larger than ${maxBytes}.`);
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + length);
  frame.writeUInt32LE(length, 0);
  frame.write(json, HEADER_BYTES, 'utf8');
  return frame;
}

export interface Decoded {
  /** The messages completed by this chunk, in order (also those before a bad frame). */
  messages: unknown[];
  /** Set once a frame was refused: the decoder has stopped, and so should the stream. */
  error?: FrameError;
}

/**
 * Turns a byte stream cut anywhere into messages. Feed it every chunk (and do not change a chunk
 * after: it is kept, not copied); it returns the messages completed so far. After the first error
 * it has stopped for good, every later push returns that error again: a length it refused means it
 * no longer knows where the next frame starts.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the frame being read, once its header is complete. */
  private expected: number | undefined;
  private failure: FrameError | undefined;

  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): Decoded {
    if (this.failure) return { messages: [], error: this.failure };
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.buffered += chunk.length;
    }
    const messages: unknown[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.buffered < HEADER_BYTES) break;
        const length = this.take(HEADER_BYTES).readUInt32LE(0);
        // Refused from its header alone: a peer announcing 4 GB must not make us buffer it.
        if (length > this.maxBytes) {
          const error = new FrameError(
            'too-large',
            `A frame of ${length} bytes is larger than ${this.maxBytes}.`,
          );
          return { messages, error: this.fail(error) };
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      const body = this.take(this.expected);
      this.expected = undefined;
      try {
        messages.push(JSON.parse(body.toString('utf8')));
      } catch {
        return { messages, error: this.fail(new FrameError('bad-json', 'A frame is not valid JSON.')) };
      }
    }
    return { messages };
  }

  /** Bytes of an unfinished frame: a stream that ends with some was cut off. */
  get pendingBytes(): number {
    return this.buffered + (this.expected === undefined ? 0 : HEADER_BYTES);
  }

  private fail(error: FrameError): FrameError {
    this.failure = error;
    this.chunks = [];
    this.buffered = 0;
    this.expected = undefined;
    return error;
  }

  /** The next `count` buffered bytes (count ≤ buffered), copying only when they span chunks. */
  private take(count: number): Buffer {
    this.buffered -= count;
    const first = this.chunks[0];
    if (first && first.length >= count) {
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      return first.subarray(0, count);
    }
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0]!;
      const used = Math.min(chunk.length, count - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    return out;
  }
}
