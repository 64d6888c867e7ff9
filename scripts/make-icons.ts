/**
 * Draws the toolbar icons (a key on a rounded square) as PNGs at the four sizes the manifest
 * lists. Run once with `tsx scripts/make-icons.ts`; the PNGs are committed under public/icons.
 * Drawn with signed distances so every size is anti-aliased without an image library.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];
const BACKGROUND: [number, number, number] = [22, 101, 52];
const FOREGROUND: [number, number, number] = [255, 255, 255];

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const roundedBox = (x: number, y: number, half: number, radius: number) => {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const box = (x: number, y: number, hx: number, hy: number) => Math.max(Math.abs(x) - hx, Math.abs(y) - hy);

/** A key in unit coordinates (-1..1): a ring at the left, a shaft, two teeth. */
function keyDistance(x: number, y: number): number {
  const ring = Math.abs(Math.hypot(x + 0.38, y) - 0.26) - 0.11;
  const shaft = box(x - 0.2, y, 0.42, 0.085);
  const tooth1 = box(x - 0.5, y + 0.17, 0.07, 0.1);
  const tooth2 = box(x - 0.28, y + 0.14, 0.06, 0.07);
  return Math.min(ring, shaft, tooth1, tooth2);
}

for (const size of SIZES) {
  const scale = 2 / size;
  const image = png(size, (px, py) => {
    const x = px * scale - 1;
    const y = py * scale - 1;
    const bg = clamp(0.5 - roundedBox(x, y, 0.96, 0.3) / scale);
    const fg = clamp(0.5 - keyDistance(x, y) / scale);
    const mix = (i: 0 | 1 | 2) => Math.round(BACKGROUND[i] * (1 - fg) + FOREGROUND[i] * fg);
    return [mix(0), mix(1), mix(2), Math.round(255 * bg)];
  });
  writeFileSync(new URL(`../public/icons/icon-${size}.png`, import.meta.url), image);
}
console.log(`icons written: ${SIZES.join(', ')} px`);
