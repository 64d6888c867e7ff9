/**
 * The native-messaging host, started by the browser when the extension calls
 * `runtime.connectNative(BRIDGE_HOST_NAME)`. Its stdin and stdout are the browser's port, so
 * stdout carries frames and nothing else: every log line goes to stderr (and never a token).
 * It lives as long as the port: stdin's end (the extension disconnected, the browser closed) or
 * SIGTERM/SIGINT removes the socket and exits 0.
 */
import { writeFrame, readFrames } from '../frame-stream.ts';
import { ensureRuntimeDir, runtimeDir, socketPath } from '../runtime-dir.ts';
import { isExtensionToHost } from '../shapes.ts';
import { Relay } from './relay.ts';
import { listenOnSocket, unlinkQuietly } from './socket-server.ts';
import type { SocketServer } from './socket-server.ts';
import { removeStaleSockets } from './stale-sockets.ts';

const log = (line: string) => process.stderr.write(`broker-sessions host[${process.pid}]: ${line}\n`);

/**
 * Who started us, for the log: Chrome passes the caller's origin (`chrome-extension://<id>/`, and
 * on Windows `--parent-window=…`), Firefox the path of the host manifest and then the add-on id.
 */
function caller(args: string[]): string {
  const origin = args.find((arg) => arg.startsWith('chrome-extension://'));
  return origin ?? (args.length >= 2 ? `Firefox add-on ${args[1]}` : 'an unknown caller');
}

let server: SocketServer | undefined;
/** Set once listening starts: a stop before it has finished must still remove the socket. */
let socketFile: string | undefined;
let stopping = false;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  if (server) server.close();
  else if (socketFile) unlinkQuietly(socketFile);
  process.exit(code);
}

function start(): void {
  const dir = runtimeDir();
  try {
    ensureRuntimeDir(dir);
  } catch (error) {
    log(`cannot use ${dir}: ${(error as Error).message}`);
    process.exit(1);
  }
  const removed = removeStaleSockets(dir);
  if (removed > 0) log(`removed ${removed} socket(s) of hosts that are gone`);
  const path = socketPath(dir, process.pid);
  const relay = new Relay((message) => writeFrame(process.stdout, message), log);

  readFrames(process.stdin, {
    message(message) {
      if (!isExtensionToHost(message)) return log('ignored a message of the extension outside the protocol');
      relay.fromExtension(message);
      if (message.kind !== 'hello' || socketFile) return;
      // Clients can connect only from here on: every client is greeted with the extension's hello,
      // and nothing waits on an extension that never answers.
      socketFile = path;
      log(`${message.browser} extension ${message.version} (${caller(process.argv.slice(2))}) connected`);
      listenOnSocket(path, relay).then(
        (listener) => {
          server = listener;
          if (stopping) return listener.close();
          // The extension shows the bridge as connected from here on.
          writeFrame(process.stdout, { kind: 'ready' });
        },
        (error: unknown) => {
          log(`cannot listen on ${path}: ${(error as Error).message}`);
          stop(1);
        },
      );
    },
    error(error) {
      log(`the browser's stream broke (${error.message}): stopping`);
      stop(1);
    },
  });
  process.stdin.on('end', () => stop(0));
  // EPIPE: the browser closed its end of the port.
  process.stdout.on('error', () => stop(0));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(0));
  process.on('uncaughtException', (error) => {
    log(`stopping on an unexpected error: ${error.stack ?? error.message}`);
    stop(1);
  });
}

start();
