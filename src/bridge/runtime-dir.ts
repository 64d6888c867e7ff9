/**
 * Where the hosts' sockets live, and the checks that make the place safe to use.
 *
 * - BROKER_SESSIONS_RUNTIME_DIR, if set (tests, unusual setups);
 * - Linux: `$XDG_RUNTIME_DIR/broker-sessions` (per user, 0700, cleared at logout), else
 *   `<os.tmpdir()>/broker-sessions-<uid>`;
 * - macOS: `<os.tmpdir()>/broker-sessions` (TMPDIR is already per user there);
 * - Windows (not implemented): named pipes `\\.\pipe\broker-sessions-<username>-<pid>`, whose
 *   ACL would do what the directory's mode does here.
 *
 * The directory is the security boundary: anyone who can reach a socket in it can ask for a
 * token (the user still consents in the browser), so it must be a real directory of this user
 * that no one else can enter. A directory someone else made first (in a shared /tmp, say) could
 * hold their socket posing as our host, or let them replace ours: we refuse it rather than fix it.
 */
import { lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The mode the directory must have: this user only. */
const DIR_MODE = 0o700;
const SOCKET_NAME = /^host-(\d+)\.sock$/;

export class RuntimeDirError extends Error {
  override readonly name = 'RuntimeDirError';
}

/** Where the host puts its socket. */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return runtimeDirs(env, platform)[0]!;
}

/**
 * Where a client looks, in order: the host's place first, then on Linux the places a host started
 * with another environment would use. A script run by cron or over `sudo -u` often has no
 * XDG_RUNTIME_DIR while the desktop's browser has one (systemd's `/run/user/<uid>`).
 */
export function runtimeDirs(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  if (env.BROKER_SESSIONS_RUNTIME_DIR) return [env.BROKER_SESSIONS_RUNTIME_DIR];
  if (platform === 'darwin') return [join(tmpdir(), 'broker-sessions')];
  if (platform === 'win32')
    throw new RuntimeDirError('Windows is not supported yet: see src/bridge/README.md.');
  const { uid } = userInfo();
  const dirs = [
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'broker-sessions')] : []),
    join('/run/user', String(uid), 'broker-sessions'),
    join(tmpdir(), `broker-sessions-${uid}`),
  ];
  // Without XDG_RUNTIME_DIR the host uses the temporary directory; systemd's default is then only
  // one more place for a client to look.
  if (!env.XDG_RUNTIME_DIR) dirs.push(...dirs.splice(0, 1));
  return [...new Set(dirs)];
}

/**
 * Refuses the directory unless it is a directory (not a symlink to one), owned by this user, with
 * mode exactly 0700. Throws RuntimeDirError; ENOENT comes through as the fs error it is.
 */
export function checkRuntimeDir(dir: string): void {
  const stats = lstatSync(dir);
  if (stats.isSymbolicLink()) throw new RuntimeDirError(`${dir} is a symbolic link: refusing to use it.`);
  if (!stats.isDirectory()) throw new RuntimeDirError(`${dir} is not a directory: refusing to use it.`);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new RuntimeDirError(`${dir} belongs to another user (uid ${stats.uid}): refusing to use it.`);
  }
  const mode = stats.mode & 0o7777;
  if (mode !== DIR_MODE) {
    throw new RuntimeDirError(
      `${dir} has mode ${mode.toString(8).padStart(4, '0')}, not 0700: refusing to use it. ` +
        'Remove it; the browser recreates it.',
    );
  }
}

/** The host's side: creates the directory if missing (0700), then checks it as the CLI would. */
export function ensureRuntimeDir(dir: string): void {
  // mkdir's mode is reduced by the umask, which can only take rights away: 0700 stays 0700 or less,
  // and "less" is refused by the check like any other mode.
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  checkRuntimeDir(dir);
}

export const socketPath = (dir: string, pid: number) => join(dir, `host-${pid}.sock`);

export interface HostSocket {
  path: string;
  pid: number;
  /** When the socket was made (epoch ms); 0 if it went away while listed. */
  createdAt: number;
}

const createdAt = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** The hosts' sockets in the directory, newest first (the likeliest to be alive). */
export function listHostSockets(dir: string): HostSocket[] {
  const sockets: HostSocket[] = [];
  for (const name of readdirSync(dir)) {
    const match = SOCKET_NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    sockets.push({ path, pid: Number(match[1]), createdAt: createdAt(path) });
  }
  return sockets.sort((a, b) => b.createdAt - a.createdAt || b.pid - a.pid);
}
