import type { Harness } from '../test/e2e/harness.ts';

/**
 * The service worker's used JS heap, over the DevTools protocol (`Runtime.getHeapUsage` in the
 * worker's own target, reached through a page's session).
 */
export async function workerHeapBytes(harness: Harness): Promise<number> {
  const page = harness.context.pages()[0] ?? (await harness.context.newPage());
  const cdp = await harness.context.newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const target = targetInfos.find(
      (info) => info.type === 'service_worker' && info.url.includes(harness.extensionId),
    );
    if (!target) throw new Error('The worker is not running.');
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as {
      sessionId: string;
    };
    const answer = new Promise<number>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
        const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
        if (event.sessionId === sessionId && message.id === 1 && message.result)
          resolve(message.result.usedSize);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    const used = await answer;
    await cdp.send('Target.detachFromTarget', { sessionId });
    return used;
  } finally {
    await cdp.detach();
  }
}
