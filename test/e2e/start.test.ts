/**
 * A newcomer's first command: without a display, `npm start` builds, starts the sandbox, adds a
 * demo profile per broker, signs in to all three through the popup in a headless tour, leaves
 * screenshots, and ends every process it started.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '../../sandbox/index.ts';

const root = resolve(import.meta.dirname, '../..');
const tourDir = resolve(root, 'artifacts/tour');

const portIsFree = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });

describe('npm start without a display', () => {
  it('runs the tour: all three brokers signed in, screenshots left, nothing left running', async () => {
    rmSync(tourDir, { recursive: true, force: true });
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn('npx', ['tsx', 'scripts/start.ts'], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));

    expect(code, output).toBe(0);
    expect(output).toContain('No display here');
    expect(output).toContain('otpauth://totp/');
    for (const name of ['Volven demo', 'ETNA demo', 'TraderEvolution demo'])
      expect(output).toContain(`${name}: signed in; its API tab carries the token.`);
    for (const file of [
      '1-popup-signed-out',
      '2-volven-api-tab',
      '2-etna-api-tab',
      '2-traderevolution-api-tab',
      '3-popup-all-active',
    ]) {
      const path = resolve(tourDir, `${file}.png`);
      expect(existsSync(path), path).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(1000);
      expect(output).toContain(`artifacts/tour/${file}.png`);
    }
    for (const port of Object.values(DEFAULT_PORTS)) expect(await portIsFree(port)).toBe(true);
  });
});
