import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A hostile website for the adversarial tests and demos (`http://evil.test:<port>` in the
 * browser, loopback underneath). Loaded into the API tab, each page sends the tab straight back to
 * the URL in `?to=`, by one of the means a page (or its server) has, after `?delay=` ms:
 * - `/script`: `location.href = to`;
 * - `/link`: a link aimed at `_top`, clicked by script;
 * - `/form`: a GET form aimed at `_top`, submitted by script;
 * - `/meta`: `<meta http-equiv="refresh">`;
 * - `/redirect`: the server answers 302 to `to` (no page runs at all).
 */
export interface HostileSite {
  origin: string;
  /** A URL of this site that sends its tab to `to` by `means` after `delayMs`. */
  bounceUrl(means: BounceMeans, to: string, delayMs?: number): string;
  /** Every path (with its query) this site was asked for: empty if no page of it ever loaded. */
  requests(): string[];
  close(): Promise<void>;
}

export const BOUNCE_MEANS = ['script', 'link', 'form', 'meta', 'redirect'] as const;
export type BounceMeans = (typeof BOUNCE_MEANS)[number];

const html = (body: string) =>
  `<!doctype html><html><head><title>Hostile</title></head><body>${body}</body></html>`;

function page(means: Exclude<BounceMeans, 'redirect'>, to: string, delayMs: number): string {
  const target = JSON.stringify(to);
  const later = (code: string) => `<script>setTimeout(() => { ${code} }, ${delayMs});</script>`;
  switch (means) {
    case 'script':
      return html(later(`location.href = ${target};`));
    case 'link':
      return html(
        `<a id="go" target="_top">go</a>${later(`const a = document.getElementById('go'); a.href = ${target}; a.click();`)}`,
      );
    case 'form': {
      const url = new URL(to);
      const fields = [...url.searchParams].map(
        ([name, value]) => `<input type="hidden" name="${name}" value="${value}">`,
      );
      url.search = '';
      return html(
        `<form id="go" method="get" target="_top" action="${url.href}">${fields.join('')}</form>${later(`document.getElementById('go').submit();`)}`,
      );
    }
    case 'meta':
      return html(`<meta http-equiv="refresh" content="${Math.ceil(delayMs / 1000)};url=${to}">`);
  }
}

export async function startHostileSite(host = 'evil.test'): Promise<HostileSite> {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.url ?? '/');
    const url = new URL(request.url ?? '/', 'http://localhost');
    const to = url.searchParams.get('to') ?? '/';
    const delayMs = Number(url.searchParams.get('delay') ?? 0);
    const means = url.pathname.slice(1) as BounceMeans;
    if (means === 'redirect') {
      response.writeHead(302, { location: to });
      response.end();
      return;
    }
    if (!(BOUNCE_MEANS as readonly string[]).includes(means)) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html('<p>Nothing to see here.</p>'));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page(means, to, delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    bounceUrl: (means, to, delayMs = 0) => `${origin}/${means}?to=${encodeURIComponent(to)}&delay=${delayMs}`,
    requests: () => [...received],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
