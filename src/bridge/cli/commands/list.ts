/** `list`: the profiles of every browser that answers, and their states. Never a token. */
import type { BridgeProfile } from '../../../shared/bridge-protocol.ts';
import { connectHosts, listProfiles } from '../client.ts';
import { parse } from '../command.ts';
import type { Command } from '../command.ts';
import { usageError } from '../errors.ts';
import { commandHelp } from '../usage.ts';

/** "1h 05m", "4m 10s", "ended", or "—" without an end. */
export function timeLeft(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return '—';
  const seconds = Math.floor((expiresAt - now) / 1000);
  if (seconds <= 0) return 'ended';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}

/** A name is the user's text: no control character of it reaches the terminal. */
// eslint-disable-next-line no-control-regex
const printable = (cell: string) => cell.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

export function table(cells: string[][]): string {
  const rows = cells.map((row) => row.map(printable));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const list: Command = {
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    if (values.help) {
      io.out(commandHelp('list'));
      return 0;
    }
    if (positionals.length > 0) throw usageError(`Unexpected argument: ${positionals[0]}`);
    const hosts = await connectHosts(io.env);
    const entries: (BridgeProfile & { browser: string })[] = [];
    try {
      for (const host of hosts) {
        for (const profile of await listProfiles(host))
          entries.push({ ...profile, browser: host.hello.browser });
      }
    } finally {
      for (const host of hosts) host.close();
    }
    if (values.json) {
      io.out(`${JSON.stringify(entries)}\n`);
      return 0;
    }
    if (entries.length === 0) {
      io.out("No profiles yet: add one in Broker Sessions' options.\n");
      return 0;
    }
    const now = Date.now();
    const several = hosts.length > 1;
    const header = ['NAME', 'BROKER', 'STATE', 'TIME LEFT', 'ID', ...(several ? ['BROWSER'] : [])];
    const rows = entries.map((entry) => [
      entry.name,
      entry.broker,
      entry.state,
      entry.state === 'active' ? timeLeft(entry.expiresAt, now) : '—',
      entry.id,
      ...(several ? [entry.browser] : []),
    ]);
    io.out(`${table([header, ...rows])}\n`);
    return 0;
  },
};
