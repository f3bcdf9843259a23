#!/usr/bin/env node
// Builds the console and the tally (src/web, with Vite) into dist/web when the build is missing or
// older than its sources; `npm start`, the browser tests and bench:web call it, so a fresh clone
// needs nothing but `npm install`. `--force` builds in any case.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const BUILT = join(ROOT, 'dist', 'web', 'index.html');
const SOURCES = ['src/web', 'src/contracts', 'vite.config.ts', 'package-lock.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export async function buildConsole({ force = false, quiet = false } = {}) {
  const sourceTime = Math.max(
    ...SOURCES.map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(newest),
  );
  if (!force && existsSync(BUILT) && statSync(BUILT).mtimeMs >= sourceTime) return false;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      'the console needs building and Vite is missing: run `npm install` (with dev dependencies)',
    );
  }
  if (!quiet) console.error('corridor: building the console (dist/web)');
  // Build beside dist/web and swap it in, so that a server (or a test run) reading dist/web while
  // another process builds never sees a half-written folder.
  const dist = join(ROOT, 'dist', 'web');
  const fresh = `${dist}.build-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  // A production build whoever calls it: under Vitest NODE_ENV is `test`, and the React plugin would
  // then compile JSX for the development runtime, which production React does not have.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: quiet ? 'error' : 'warn',
      build: { outDir: fresh, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  gzipBeside(fresh);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
  rmSync(old, { recursive: true, force: true });
  return true;
}

/** Files the server sends compressed when the browser takes gzip (see src/api/console/static.ts). */
const COMPRESSIBLE = /\.(js|mjs|css|json|svg|webmanifest|html)$/;

/**
 * A `.gz` beside each compressible file of 1 KiB or more, at the strongest level: made once here, so the
 * server spends nothing on each request (a post's phones on a 3G link read a third of the bytes).
 */
function gzipBeside(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) gzipBeside(path);
    else if (COMPRESSIBLE.test(name) && statSync(path).size >= 1024)
      writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildConsole({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(`corridor: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
