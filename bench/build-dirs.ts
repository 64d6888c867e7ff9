import { resolve } from 'node:path';

/**
 * The benchmark's own builds, apart from dist/ and dist-test/ so that a run neither waits for
 * nor disturbs other builds in the same tree. Imported first by run.ts: the e2e harness reads
 * BROKER_SESSIONS_EXTENSION_DIR when it is loaded.
 */
const root = resolve(import.meta.dirname, '..');
export const BENCH_PROD_DIR = resolve(root, 'dist-bench-prod');
export const BENCH_TEST_DIR = resolve(root, 'dist-bench');

process.env.BROKER_SESSIONS_EXTENSION_DIR ??= BENCH_TEST_DIR;
