import type { Readable, Writable } from 'node:stream';
import { FrameDecoder, encodeFrame } from './framing.ts';
import type { FrameError } from './framing.ts';

export interface FrameReader {
  message(message: unknown): void;
  /** A refused frame (too large, not JSON): reading has stopped, the stream is no longer in step. */
  error(error: FrameError): void;
}

/** Reads framed messages from `input` until it ends or a frame is refused. */
export function readFrames(input: Readable, reader: FrameReader): void {
  const decoder = new FrameDecoder();
  const onData = (chunk: Buffer) => {
    const { messages, error } = decoder.push(chunk);
    for (const message of messages) reader.message(message);
    if (error) {
      input.off('data', onData);
      reader.error(error);
    }
  };
  input.on('data', onData);
}

/** Writes one framed message; throws FrameError('too-large') before writing anything. */
export function writeFrame(output: Writable, message: unknown): void {
  output.write(encodeFrame(message));
}
