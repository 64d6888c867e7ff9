import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { copyText, curlCommand, headerLines, shellQuote } from '../../../src/popup/copy-formats.ts';
import type { CopyableToken } from '../../../src/shared/protocol.ts';

const etna: CopyableToken = {
  accessToken: 'tok.en',
  apiBaseUrl: 'https://pub-api-et-demo-prod.etnasoft.us/api',
  headers: [
    { name: 'Authorization', value: 'Bearer tok.en' },
    { name: 'Et-App-Key', value: 'key' },
  ],
};

describe('copy formats', () => {
  it('copies the bare token, the header lines, and a curl command', () => {
    expect(copyText(etna, 'token')).toBe('tok.en');
    expect(copyText(etna, 'header')).toBe('Authorization: Bearer tok.en\nEt-App-Key: key');
    expect(headerLines(etna)).toBe(copyText(etna, 'header'));
    expect(copyText(etna, 'curl')).toBe(
      "curl -H 'Authorization: Bearer tok.en' -H 'Et-App-Key: key' 'https://pub-api-et-demo-prod.etnasoft.us/api/'",
    );
  });

  it.each(["it's", "''", 'a b $HOME `id` "q" \\ ; | &', ''])(
    'quotes %j so that a shell reads it back unchanged',
    (value) => {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' })).toBe(value);
    },
  );

  it('keeps a hostile header value inside its argument', () => {
    const hostile: CopyableToken = {
      ...etna,
      headers: [{ name: 'Et-App-Key', value: "x'; touch /tmp/pwned; echo '" }],
    };
    const printed = execFileSync('sh', ['-c', curlCommand(hostile).replace(/^curl /, 'printf "%s\\n" ')], {
      encoding: 'utf8',
    });
    expect(printed.split('\n')).toEqual([
      '-H',
      "Et-App-Key: x'; touch /tmp/pwned; echo '",
      'https://pub-api-et-demo-prod.etnasoft.us/api/',
      '',
    ]);
  });
});
