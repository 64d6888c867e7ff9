/** `token` and `header`: the session's token or headers, for a script to read from stdout. */
import type { BridgeHeaders } from '../../../shared/bridge-protocol.ts';
import { hostFor, requestHeaders } from '../client.ts';
import { parse, profileArg } from '../command.ts';
import type { Command, Io } from '../command.ts';
import { programInfo } from '../program-info.ts';
import { commandHelp } from '../usage.ts';

/** The session of `profile`, asked from the browser that has it. */
export async function fetchHeaders(profile: string, io: Io): Promise<BridgeHeaders> {
  const host = await hostFor(profile, io.env);
  try {
    return await requestHeaders(host, profile, programInfo(io.argv));
  } finally {
    host.close();
  }
}

export const asJson = (headers: BridgeHeaders) =>
  JSON.stringify({
    token: headers.accessToken,
    headers: headers.headers,
    apiBaseUrl: headers.apiBaseUrl,
    expiresAt: headers.expiresAt,
    profile: headers.profile,
  });

function outputCommand(name: 'token' | 'header', text: (headers: BridgeHeaders) => string): Command {
  return {
    async run(args, io) {
      const { values, positionals } = parse(args, { json: { type: 'boolean' } });
      if (values.help) {
        io.out(commandHelp(name));
        return 0;
      }
      const headers = await fetchHeaders(profileArg(positionals), io);
      io.out(`${values.json ? asJson(headers) : text(headers)}\n`);
      return 0;
    },
  };
}

export const token = outputCommand('token', (headers) => headers.accessToken);
export const header = outputCommand('header', (headers) =>
  Object.entries(headers.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n'),
);
