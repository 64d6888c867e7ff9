/**
 * The host's routing: client requests go to the extension under an id of the host's own
 * (`<connection>:<client id>`, so two clients' ids never meet), the extension's replies go back
 * to the one client that asked, under its own id, and `changed` goes to every client. No I/O
 * here: the socket server and the extension's stdio are passed in as functions.
 */
import type {
  BridgeReply,
  BridgeRequest,
  ExtensionToHost,
  HostToClient,
  HostToExtension,
} from '../../shared/bridge-protocol.ts';
import { FrameError } from '../framing.ts';
import { isClientId, isClientToHost } from '../shapes.ts';

/** One client connection, as the socket server gives it to the relay. */
export interface ClientConnection {
  readonly number: number;
  /** Throws FrameError when the message is too large to frame. */
  send(message: HostToClient): void;
  close(): void;
}

export type Hello = Extract<ExtensionToHost, { kind: 'hello' }>;

/** More requests than this in flight on one connection is a runaway script, not a user. */
export const MAX_PENDING_PER_CLIENT = 64;

interface Pending {
  client: ClientConnection;
  clientId: number;
}

const invalid = (message: string): BridgeReply => ({ ok: false, error: { code: 'invalid', message } });

/** Only the fields the protocol names go on: a client cannot smuggle anything to the extension. */
function cleanRequest(request: BridgeRequest): BridgeRequest {
  if (request.type === 'list') return { type: 'list' };
  const { profile, program, staleTokenPrint } = request;
  return {
    type: 'headers',
    profile,
    program: {
      command: program.command,
      ...(program.parent === undefined ? {} : { parent: program.parent }),
    },
    ...(staleTokenPrint === undefined ? {} : { staleTokenPrint }),
  };
}

export class Relay {
  private hello: Hello | undefined;
  private readonly clients = new Set<ClientConnection>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly toExtension: (message: HostToExtension) => void,
    private readonly log: (line: string) => void,
  ) {}

  fromExtension(message: ExtensionToHost): void {
    if (message.kind === 'hello') {
      this.hello = message;
    } else if (message.kind === 'changed') {
      for (const client of this.clients) this.sendTo(client, message);
    } else {
      const pending = this.pending.get(message.id);
      // Unknown: answered to a client that has gone (and was cancelled), or a stray id.
      if (!pending) return;
      this.pending.delete(message.id);
      this.reply(pending.client, pending.clientId, message.reply);
    }
  }

  /** The socket server listens only once the extension said hello, so there is one to pass on. */
  clientConnected(client: ClientConnection): void {
    this.clients.add(client);
    if (this.hello) this.sendTo(client, this.hello);
  }

  clientMessage(client: ClientConnection, message: unknown): void {
    if (!isClientToHost(message)) {
      const id = typeof message === 'object' && message !== null && 'id' in message ? message.id : undefined;
      // Without an id of its own there is no way to answer it: the client is not speaking the protocol.
      if (!isClientId(id)) return this.drop(client, 'a message without a request id');
      return this.reply(client, id, invalid('Not a request this bridge knows.'));
    }
    const key = `${client.number}:${message.id}`;
    if (this.pending.has(key)) return this.reply(client, message.id, invalid('That request id is in use.'));
    if (this.pendingOf(client) >= MAX_PENDING_PER_CLIENT) {
      return this.reply(client, message.id, invalid('Too many requests at once.'));
    }
    try {
      this.toExtension({ kind: 'request', id: key, request: cleanRequest(message.request) });
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      return this.reply(client, message.id, invalid('The request is too large.'));
    }
    this.pending.set(key, { client, clientId: message.id });
  }

  /** Requests of a client that went away are cancelled: no consent window waits for no one. */
  clientClosed(client: ClientConnection): void {
    if (!this.clients.delete(client)) return;
    for (const [key, pending] of this.pending) {
      if (pending.client !== client) continue;
      this.pending.delete(key);
      this.toExtension({ kind: 'cancel', id: key });
    }
  }

  /** A client that broke the framing or the protocol is cut off; the others go on. */
  drop(client: ClientConnection, why: string): void {
    this.log(`client ${client.number} dropped: ${why}`);
    client.close();
    this.clientClosed(client);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private pendingOf(client: ClientConnection): number {
    let count = 0;
    for (const pending of this.pending.values()) if (pending.client === client) count += 1;
    return count;
  }

  private reply(client: ClientConnection, id: number, reply: BridgeReply): void {
    try {
      client.send({ kind: 'reply', id, reply });
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      // The rewrapped reply can exceed the limit by the few bytes of the envelope.
      const tooLarge: BridgeReply = {
        ok: false,
        error: { code: 'internal', message: 'The answer is too large.' },
      };
      this.sendTo(client, { kind: 'reply', id, reply: tooLarge });
    }
  }

  private sendTo(client: ClientConnection, message: HostToClient): void {
    try {
      client.send(message);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.drop(client, error.message);
    }
  }
}
