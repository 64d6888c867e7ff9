import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another website (`http://evil.test:<port>`), served from loopback, whose pages try every way a
 * page can send a request to the broker's API.
 */
export interface ForeignSite {
  origin: string;
  close(): Promise<void>;
}

export function attackPage(apiOrigin: string, whoamiPath: string, wsPath: string): string {
  const target = (via: string) => `${apiOrigin}${whoamiPath}?via=${via}`;
  const wsTarget = `${apiOrigin.replace(/^http/, 'ws')}${wsPath}?via=websocket`;
  return `<!doctype html><html><body>
<img src="${target('img')}">
<iframe src="${target('iframe')}"></iframe>
<script src="${target('script')}"></script>
<iframe name="sink"></iframe>
<form id="post" method="post" action="${target('form-post')}" target="sink"><input name="a" value="1"></form>
<script>
  fetch(${JSON.stringify(target('fetch'))}).catch(() => {});
  fetch(${JSON.stringify(target('fetch-credentials'))}, { credentials: 'include' }).catch(() => {});
  fetch(${JSON.stringify(target('fetch-post'))}, { method: 'POST', body: 'x' }).catch(() => {});
  try { new WebSocket(${JSON.stringify(wsTarget)}); } catch {}
  document.getElementById('post').submit();
</script>
</body></html>`;
}

export async function startForeignSite(page: string): Promise<ForeignSite> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://evil.test:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
