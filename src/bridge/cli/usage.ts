/** The help texts: `broker-sessions --help` and `broker-sessions <command> --help`. */

export const SYNOPSIS: Record<string, string> = {
  token: 'broker-sessions token <profile> [--json]',
  header: 'broker-sessions header <profile> [--json]',
  exec: 'broker-sessions exec <profile> -- <command> [args…]',
  proxy: 'broker-sessions proxy <profile> [--port N] [--host 127.0.0.1|::1] [--json] [--verbose]',
  list: 'broker-sessions list [--json]',
  install:
    'broker-sessions install [--extension-id ID]… [--user-data-dir DIR]… [--browser chrome|chromium|firefox]… [--host-file FILE]',
  uninstall: 'broker-sessions uninstall [--user-data-dir DIR]… [--browser chrome|chromium|firefox]…',
};

const PROFILE = `<profile> is a profile's exact name or its id (see \`broker-sessions list\`).`;

export const COMMAND_HELP: Record<string, string> = {
  token: `Prints the profile's current access token and a newline.

  --json   prints {"token", "headers", "apiBaseUrl", "expiresAt", "profile"} instead

${PROFILE} The first use by a program may open a consent window in the browser.`,
  header: `Prints the request headers for the profile's API, one "Name: value" line each
(Authorization: Bearer …, and ETNA's Et-App-Key), e.g. for curl -H @<(…).

  --json   prints the same object as \`token --json\`

${PROFILE}`,
  exec: `Runs <command> (no shell) with the session in its environment, and exits with its exit code
(128 + the signal's number if a signal ended it):

  BROKER_API_BASE      the profile's API base URL
  BROKER_TOKEN         the access token
  BROKER_AUTH_HEADER   the Authorization header's value ("Bearer …")
  BROKER_HEADERS_JSON  every header the API needs, as a JSON object

SIGINT, SIGTERM and SIGHUP are passed on to the command. The token is the one current when the
command starts; a long-running program that must outlive it should use \`proxy\`.
${PROFILE}`,
  proxy: `Serves the profile's API on a loopback port, with the session's current headers on every
request: http://127.0.0.1:<port>/<path> goes to <apiBaseUrl>/<path>. Renewed tokens are picked up
as the browser renews them; a request the API answers 401 is retried once after asking the browser
to renew. WebSocket upgrades are passed through too.

  --port N      the port (default 0: any free port, printed)
  --host ADDR   127.0.0.1 (default) or ::1; nothing but loopback
  --json        prints {"url", "apiBaseUrl"} as one line on stdout once listening
  --verbose     logs "METHOD /path → status (ms)" per request on stderr

Requests from web pages (an Origin or Sec-Fetch-Site header of another site) are refused, and so
are cookies: the proxy is for programs. Stop it with Ctrl-C.
${PROFILE}`,
  list: `Lists the profiles of every browser that answers: name, broker, state, time left, id.
Never a token.

  --json   prints the profiles as a JSON array`,
  install: `Registers the native-messaging host with the browsers, for this user: writes a launcher script
and one host manifest per browser, and prints each file written.

  --extension-id ID   the Chrome/Chromium extension id (32 letters a–p; repeatable). Without one,
                      Chrome and Chromium are skipped (their manifests must name the extension).
  --user-data-dir DIR a Chromium-family profile directory (repeatable): the manifest goes to
                      DIR/NativeMessagingHosts/ instead of the default places, unless --browser
                      names browsers too.
  --browser NAME      chrome, chromium or firefox (repeatable): only these. Without it, each
                      browser whose settings folder exists.
  --host-file FILE    the host script to launch (default: native-host.mjs beside this command)

Then turn on "Let local programs use my sessions" in Broker Sessions' options.`,
  uninstall: `Removes what \`install\` wrote (the same --browser and --user-data-dir flags).`,
};

export const EXIT_CODE_HELP = `Exit codes:
  0  success
  1  anything else (the message says what)
  2  usage: unknown command, missing profile, bad option
  3  no browser answered (not running, or the bridge is off in the options)
  4  unknown-profile, ambiguous-profile
  5  signed-out, expired, not-ready
  6  rejected: the broker no longer accepts the session
  7  denied, consent-timeout
  8  bridge-off, forbidden (by the administrator)`;

export const MAIN_HELP = `broker-sessions: use the broker sessions of your browser (Broker Sessions extension) from scripts.

Commands:
${Object.values(SYNOPSIS)
  .map((line) => `  ${line}`)
  .join('\n')}

\`broker-sessions <command> --help\` describes one. Errors are one line on stderr,
"broker-sessions: <message> (<code>)"; with --json also {"error": {"code", "message"}} on stdout.

${EXIT_CODE_HELP}`;

export const commandHelp = (name: string) => `usage: ${SYNOPSIS[name]}\n\n${COMMAND_HELP[name]}\n`;
