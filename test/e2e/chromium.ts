import { existsSync } from 'node:fs';

/** Debian's Chromium, never a downloaded browser. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `Chromium not found (looked at ${candidates.join(', ')}). Install Debian's package with ` +
        '`sudo apt-get install -y chromium`, or point CHROME_PATH at a Chromium binary.',
    );
  return found;
}

/** Flags that keep Chromium quiet on a machine with no network, and map *.test to loopback. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--host-resolver-rules=MAP *.test 127.0.0.1',
  ];
}
