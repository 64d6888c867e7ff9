import type { Sandbox, SandboxBroker } from './types.ts';

const MFA_LABEL: Record<string, string> = {
  totp: 'TOTP (authenticator app)',
  code: 'code by email/SMS (see outbox)',
  pin: 'security PIN',
  none: 'none',
};

/**
 * How a person ends a session by hand, as curl commands for the running ports: printed by
 * `npm run sandbox` (below) and by `npm start`'s banner, where a person tries the extension.
 */
export function sessionEnders(sb: Sandbox): string[] {
  const control = (broker: SandboxBroker) => `http://127.0.0.1:${sb.ports[broker]}/__sandbox`;
  return [
    'End a session by hand (a command acts on the broker of its port):',
    '    Signed in elsewhere (Volven): every token of one user is revoked',
    `        curl -X POST ${control('volven')}/revoke -d '{"username":"trader@volven.test"}'`,
    '    Server restart (TraderEvolution): the newest access token is forgotten, its refresh token works',
    `        curl -X POST ${control('traderevolution')}/forget-access`,
    '    ETNA idle expiry: a token unused for 60 s is refused ({"etnaIdleSec":null} turns it off)',
    `        curl -X POST ${control('etna')}/config -d '{"etnaIdleSec":60}'`,
    `    Ports: Volven ${sb.ports.volven}, ETNA ${sb.ports.etna}, TraderEvolution ${sb.ports.traderevolution}.`,
  ];
}

/**
 * The human-readable summary printed by `npm run sandbox` and `npm start`. The demo passwords,
 * the TOTP secret and the app key are printed on purpose: they are fixed, public demo values.
 */
export function describeSandbox(sb: Sandbox): string {
  const control = `http://127.0.0.1:${sb.ports.etna}/__sandbox`;
  const users = sb.users.map(
    (u) =>
      `    ${u.broker.padEnd(16)} ${u.username.padEnd(20)} ${u.password.padEnd(12)} ${MFA_LABEL[u.mfa] ?? u.mfa}  — ${u.note}`,
  );
  return [
    'Broker sandbox is running (loopback only).',
    '',
    'Base URLs for the extension (Chromium must be started with --host-resolver-rules=MAP *.test 127.0.0.1):',
    `    Volven / TÝR Markets  ${sb.urls.volven}`,
    `    ETNA Trader           ${sb.urls.etna}    (app key: ${sb.etnaAppKey})`,
    `    TraderEvolution       ${sb.urls.traderevolution}`,
    'The same on 127.0.0.1 (curl, Node):',
    `    ${sb.loopbackUrls.volven}   ${sb.loopbackUrls.etna}   ${sb.loopbackUrls.traderevolution}`,
    '',
    'Demo users (broker, username, password, MFA):',
    ...users,
    "    TraderEvolution's API has no MFA step: its users sign in with login and password only.",
    '',
    `Volven TOTP secret (SHA1, 6 digits, 30 s): ${sb.totpSecret}`,
    `    otpauth URI: ${sb.totpUri}`,
    'ETNA PIN user: the PIN is 2468.',
    `ETNA codes (the outbox): ${control}/outbox`,
    '',
    "Control endpoints (on every port; faults, revoke and forget-access apply to that port's broker):",
    `    GET  ${control}/info                   URLs, users, secrets, config`,
    `    GET  ${control}/outbox[?username=]     ETNA codes sent`,
    `    GET  ${control}/requests[?path=&broker=all]   recorded requests; DELETE clears`,
    `    GET  ${control}/tokens[?username=&kind=&broker=all]`,
    `    POST ${control}/config                 JSON patch, e.g. {"accessTokenLifetimeSec":60,"etnaIdleSec":600}`,
    `    POST ${control}/faults                 {"kind":"500|hang|malformed|429|drop","count":1,"path":"/token"}`,
    `    POST ${control}/revoke[?broker=all]    all tokens, or {"username":"..."}'s only`,
    `    POST ${control}/forget-access          the newest access token, or {"token":"..."}`,
    `    POST ${control}/reset`,
    `    POST http://127.0.0.1:${sb.ports.traderevolution}/__sandbox/one-time-token   {"login":"te-trader","ttlSec":60}`,
    '',
    ...sessionEnders(sb),
    '',
    'One log line per request follows (method, path, status; never headers or bodies). Ctrl-C stops.',
  ].join('\n');
}
