// The real native-messaging host as a child process: the test plays the browser on its stdio and
// the clients on its socket.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../src/bridge/framing.ts';
import { MAX_FRAME_BYTES } from '../../../src/shared/bridge-protocol.ts';
import type { BridgeReply, ExtensionToHost } from '../../../src/shared/bridge-protocol.ts';
import { Inbox, connectClient } from './support/inbox.ts';
import { HOST_ENTRY, exited, spawnTs } from './support/run-ts.ts';

const HELLO = {
  kind: 'hello',
  browser: 'chrome',
  extensionId: 'abcdefghijklmnopabcdefghijklmnop',
  version: '1.2.3',
};
const LIST = { type: 'list' };
const HEADERS = { type: 'headers', profile: 'TE demo', program: { command: 'broker-sessions token x' } };

interface Host {
  child: ChildProcess;
  browser: Inbox;
  /** Sends a message as the extension would. */
  send(message: ExtensionToHost): void;
  stderr(): string;
  socket: string;
}

let base: string;
let dir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'bs-host-'));
  dir = join(base, 'run');
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

function spawnHost(): Host {
  const child = spawnTs(HOST_ENTRY, ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/'], {
    env: { ...process.env, BROKER_SESSIONS_RUNTIME_DIR: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    browser: new Inbox(child.stdout!),
    send: (message) => child.stdin!.write(encodeFrame(message)),
    stderr: () => stderr,
    socket: join(dir, `host-${child.pid}.sock`),
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A host that has heard the extension's hello and listens. */
async function readyHost(): Promise<Host> {
  const host = spawnHost();
  host.send(HELLO as ExtensionToHost);
  expect(await host.browser.next()).toEqual({ kind: 'ready' });
  expect(existsSync(host.socket)).toBe(true);
  return host;
}

async function client(host: Host) {
  const c = await connectClient(host.socket);
  expect(await c.inbox.next()).toEqual(HELLO);
  return c;
}

const ok = (value: unknown): BridgeReply => ({ ok: true, value }) as BridgeReply;

describe('native-messaging host', () => {
  it('listens only after the hello, in a 0700 directory, on a 0600 socket, then says ready', async () => {
    const host = spawnHost();
    await waitFor(() => existsSync(dir), 'the runtime directory');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readdirSync(dir)).toEqual([]);
    host.send(HELLO as ExtensionToHost);
    // `ready` once it listens, so the extension can say the bridge is connected.
    expect(await host.browser.next()).toEqual({ kind: 'ready' });
    expect(statSync(host.socket).isSocket()).toBe(true);
    expect(statSync(host.socket).mode & 0o777).toBe(0o600);
    await client(host);
    expect(host.stderr()).toContain('chrome extension 1.2.3');
  });

  it('relays a request to the extension and its reply back, under each side’s own id', async () => {
    const host = await readyHost();
    const c = await client(host);
    c.send({ kind: 'request', id: 7, request: HEADERS });
    const forwarded = (await host.browser.next()) as { kind: string; id: string; request: unknown };
    expect(forwarded).toEqual({ kind: 'request', id: expect.stringMatching(/^\d+:7$/), request: HEADERS });
    host.send({ kind: 'reply', id: forwarded.id, reply: ok({ accessToken: 't' }) });
    expect(await c.inbox.next()).toEqual({ kind: 'reply', id: 7, reply: ok({ accessToken: 't' }) });
  });

  it('keeps two clients’ equal ids apart, and sends `changed` to both', async () => {
    const host = await readyHost();
    const [a, b] = [await client(host), await client(host)];
    a.send({ kind: 'request', id: 1, request: LIST });
    const fromA = (await host.browser.next()) as { id: string };
    b.send({ kind: 'request', id: 1, request: LIST });
    const fromB = (await host.browser.next()) as { id: string };
    expect(fromA.id).not.toBe(fromB.id);
    // Answered in the other order: each reply still reaches the client that asked.
    host.send({ kind: 'reply', id: fromB.id, reply: ok('for b') });
    host.send({ kind: 'reply', id: fromA.id, reply: ok('for a') });
    expect(await a.inbox.next()).toEqual({ kind: 'reply', id: 1, reply: ok('for a') });
    expect(await b.inbox.next()).toEqual({ kind: 'reply', id: 1, reply: ok('for b') });
    host.send({ kind: 'changed' });
    expect(await a.inbox.next()).toEqual({ kind: 'changed' });
    expect(await b.inbox.next()).toEqual({ kind: 'changed' });
  });

  it('cancels the pending requests of a client that goes away, and only those', async () => {
    const host = await readyHost();
    const [a, b] = [await client(host), await client(host)];
    a.send({ kind: 'request', id: 1, request: HEADERS });
    a.send({ kind: 'request', id: 2, request: LIST });
    b.send({ kind: 'request', id: 1, request: LIST });
    const ids = [
      (await host.browser.next()) as { id: string },
      (await host.browser.next()) as { id: string },
    ];
    const ofB = (await host.browser.next()) as { id: string };
    host.send({ kind: 'reply', id: ids[1]!.id, reply: ok([]) }); // a's 2 is answered, so not pending
    expect(await a.inbox.next()).toMatchObject({ id: 2 });
    a.socket.destroy();
    expect(await host.browser.next()).toEqual({ kind: 'cancel', id: ids[0]!.id });
    expect(await host.browser.quiet()).toBe(true);
    // A late reply for the gone client is dropped; b is still served.
    host.send({ kind: 'reply', id: ids[0]!.id, reply: ok('late') });
    host.send({ kind: 'reply', id: ofB.id, reply: ok('b') });
    expect(await b.inbox.next()).toEqual({ kind: 'reply', id: 1, reply: ok('b') });
  });

  it('answers a malformed request `invalid`, and drops a client that sends no id', async () => {
    const host = await readyHost();
    const c = await client(host);
    const bad = [
      { kind: 'request', id: 3, request: { type: 'headers', profile: '' } },
      { kind: 'request', id: 4, request: { type: 'delete-everything' } },
      { kind: 'request', id: 5, request: { ...HEADERS, staleTokenPrint: 'not-hex' } },
      { kind: 'hello', id: 6 },
    ];
    for (const message of bad) c.send(message);
    for (const { id } of bad) {
      expect(await c.inbox.next()).toMatchObject({
        kind: 'reply',
        id,
        reply: { ok: false, error: { code: 'invalid' } },
      });
    }
    expect(await host.browser.quiet()).toBe(true);
    c.send({ kind: 'request', request: LIST });
    await c.closed;
  });

  it('drops a client that sends an oversized or broken frame; the host and the others go on', async () => {
    const host = await readyHost();
    const [good, big, broken] = [await client(host), await client(host), await client(host)];
    const header = Buffer.alloc(4);
    header.writeUInt32LE(MAX_FRAME_BYTES + 1, 0);
    big.socket.write(header);
    await big.closed;
    broken.socket.write(Buffer.concat([Buffer.from([3, 0, 0, 0]), Buffer.from('{{{')]));
    await broken.closed;
    expect(host.stderr()).toContain('dropped');
    good.send({ kind: 'request', id: 1, request: LIST });
    const forwarded = (await host.browser.next()) as { id: string };
    host.send({ kind: 'reply', id: forwarded.id, reply: ok([]) });
    expect(await good.inbox.next()).toEqual({ kind: 'reply', id: 1, reply: ok([]) });
  });

  it('removes its socket and exits 0 when the browser closes stdin, or on SIGTERM', async () => {
    const host = await readyHost();
    const c = await client(host);
    host.child.stdin!.end();
    expect(await exited(host.child)).toEqual({ code: 0, signal: null });
    expect(existsSync(host.socket)).toBe(false);
    await c.closed;

    const second = await readyHost();
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });
    expect(existsSync(second.socket)).toBe(false);
    // stdout held frames only: everything the host wrote decoded.
    expect(host.browser.frameError).toBeUndefined();
  });

  it('removes the sockets of hosts that are gone, and keeps the live ones', async () => {
    const live = await readyHost();
    const dead = spawn(process.execPath, ['-e', '0']);
    await exited(dead);
    const stale = join(dir, `host-${dead.pid}.sock`);
    writeFileSync(stale, '');
    const host = await readyHost();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live.socket)).toBe(true);
    expect(host.stderr()).toContain('removed 1 socket');
  });

  it('refuses to start in a directory open to others', async () => {
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const host = spawnHost();
    expect(await exited(host.child)).toEqual({ code: 1, signal: null });
    expect(host.stderr()).toContain('mode 0755');
  });
});
