import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RuntimeDirError,
  checkRuntimeDir,
  ensureRuntimeDir,
  listHostSockets,
  runtimeDir,
  runtimeDirs,
  socketPath,
} from '../../../src/bridge/runtime-dir.ts';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'bs-dir-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('where the sockets live', () => {
  const uid = userInfo().uid;

  it('takes BROKER_SESSIONS_RUNTIME_DIR first, and only it', () => {
    const env = { BROKER_SESSIONS_RUNTIME_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/user/5' };
    expect(runtimeDir(env, 'linux')).toBe('/x/y');
    expect(runtimeDirs(env, 'linux')).toEqual(['/x/y']);
  });

  it('on Linux: $XDG_RUNTIME_DIR/broker-sessions, else the temporary directory by uid', () => {
    expect(runtimeDir({ XDG_RUNTIME_DIR: '/run/user/5' }, 'linux')).toBe('/run/user/5/broker-sessions');
    expect(runtimeDir({}, 'linux')).toBe(join(tmpdir(), `broker-sessions-${uid}`));
  });

  it('lets a client without XDG_RUNTIME_DIR (cron, sudo -u) find a desktop host too', () => {
    expect(runtimeDirs({}, 'linux')).toEqual([
      join(tmpdir(), `broker-sessions-${uid}`),
      `/run/user/${uid}/broker-sessions`,
    ]);
    expect(runtimeDirs({ XDG_RUNTIME_DIR: `/run/user/${uid}` }, 'linux')).toEqual([
      `/run/user/${uid}/broker-sessions`,
      join(tmpdir(), `broker-sessions-${uid}`),
    ]);
  });

  it('on macOS: the per-user temporary directory; Windows is not supported yet', () => {
    expect(runtimeDir({ XDG_RUNTIME_DIR: '/ignored' }, 'darwin')).toBe(join(tmpdir(), 'broker-sessions'));
    expect(() => runtimeDir({}, 'win32')).toThrow(/not supported/);
  });

  it('names a socket by the host’s pid, and lists only such names, newest first', async () => {
    expect(socketPath('/d', 42)).toBe('/d/host-42.sock');
    writeFileSync(join(base, 'host-1.sock'), '');
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(join(base, 'host-2.sock'), '');
    writeFileSync(join(base, 'host-x.sock'), '');
    writeFileSync(join(base, 'other'), '');
    expect(listHostSockets(base).map((socket) => socket.pid)).toEqual([2, 1]);
  });
});

describe('the directory checks', () => {
  it('creates a fresh directory 0700, whatever the umask', () => {
    const dir = join(base, 'a', 'run');
    const umask = process.umask(0o002);
    try {
      ensureRuntimeDir(dir);
    } finally {
      process.umask(umask);
    }
    expect(statSync(dir).mode & 0o7777).toBe(0o700);
    expect(() => checkRuntimeDir(dir)).not.toThrow();
    ensureRuntimeDir(dir); // an existing good directory is fine
  });

  it('refuses a directory open to the group or others', () => {
    const dir = join(base, 'open');
    mkdirSync(dir);
    for (const mode of [0o755, 0o750, 0o701, 0o1700]) {
      chmodSync(dir, mode);
      expect(() => checkRuntimeDir(dir)).toThrow(RuntimeDirError);
      expect(() => ensureRuntimeDir(dir)).toThrow(`mode ${mode.toString(8).padStart(4, '0')}, not 0700`);
    }
  });

  it('refuses a symbolic link, even to a good directory, and a file', () => {
    const real = join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = join(base, 'link');
    symlinkSync(real, link);
    expect(() => ensureRuntimeDir(link)).toThrow(/symbolic link/);
    const file = join(base, 'file');
    writeFileSync(file, '');
    expect(() => checkRuntimeDir(file)).toThrow(/not a directory/);
  });

  it.runIf(process.getuid?.() === 0)('refuses a directory of another user', () => {
    const dir = join(base, 'theirs');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 65534, 65534);
    expect(() => checkRuntimeDir(dir)).toThrow(/another user \(uid 65534\)/);
  });

  it('lets a missing directory through as ENOENT, for the client to say "no browser"', () => {
    expect(() => checkRuntimeDir(join(base, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
