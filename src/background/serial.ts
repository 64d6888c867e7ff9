/**
 * Runs read-modify-write steps on storage one after another. The worker answers several messages
 * and alarms concurrently; without this two of them could each read the old state and the second
 * write would undo the first. (Across a worker restart nothing is in flight, so memory suffices.)
 */
let tail: Promise<unknown> = Promise.resolve();

export function serially<T>(step: () => Promise<T>): Promise<T> {
  const run = tail.then(step, step);
  tail = run.catch(() => undefined);
  return run;
}
