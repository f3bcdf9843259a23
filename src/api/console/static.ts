import { said } from '../../domain/errors.js';
import { refusalJson } from '../errors.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Hono } from 'hono';
import { peerAddress } from '../access/rate-limit.js';
import type { ApiEnv } from '../access/auth.js';

/** Where `npm run build:web` writes the console (git-ignored). */
export const CONSOLE_DIR = join(import.meta.dirname, '..', '..', '..', 'dist', 'web');

export interface DemoToken {
  operationId: string;
  role: string;
  token: string;
}

export interface ConsoleOptions {
  /** The built console; CONSOLE_DIR unless told otherwise. */
  dir?: string;
  /**
   * Tokens offered on the sign-in page for the demo operations. Filled in as the demo operations come
   * up (the simulation one is created after the server starts), so the array is read on each request.
   */
  demoTokens?: DemoToken[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * The console and the checkpoint tally as static files, after the API: `/` and every path without a
 * file of its own get the console's page (it routes in the browser), `/tally` the tally's. Nothing
 * under /api is ever answered here, so the API's own 404 stays a JSON error.
 */
export function serveConsole(app: Hono<ApiEnv>, options: ConsoleOptions = {}): void {
  const dir = options.dir ?? CONSOLE_DIR;
  // The demo's coordinator tokens go only to this machine: a loopback peer that asked for a loopback
  // host, and nothing forwarded. Behind a reverse proxy (or to any other host) the console signs in.
  app.get('/console-config.json', (c) =>
    c.json({ demoTokens: fromThisMachine(c) ? (options.demoTokens ?? []) : [] }, 200, {
      'cache-control': 'no-store',
    }),
  );
  app.get('*', (c) => {
    const path = decodedPath(c.req.path);
    if (path === undefined)
      return refusalJson(c, 'invalid_input', said('the path has malformed percent-encoding'), 400);
    if (path === '/api' || path.startsWith('/api/')) return c.notFound();
    if (!existsSync(join(dir, 'index.html')))
      return c.text('The console is not built: run `npm run build:web` (npm start does it for you).', 503);
    const file = normalize(join(dir, path));
    if (file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile()) {
      const hashed = path.startsWith('/assets/');
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        vary: 'Accept-Encoding',
      };
      // The build's gzip of the file, when the browser takes it (the compress middleware would make
      // it again on every request).
      const gz = `${file}.gz`;
      if (takesGzip(c.req.header('accept-encoding')) && existsSync(gz))
        return c.body(readFileSync(gz), 200, { ...headers, 'content-encoding': 'gzip' });
      return c.body(readFileSync(file), 200, headers);
    }
    if (extname(path) !== '') return c.notFound();
    const page = path === '/tally' || path.startsWith('/tally/') ? 'tally.html' : 'index.html';
    return c.html(readFileSync(join(dir, page), 'utf8'), 200, { 'cache-control': 'no-cache' });
  });
}

/** Whether an Accept-Encoding header takes gzip (named without `;q=0`, or `*` without it). */
export function takesGzip(header: string | undefined): boolean {
  if (!header) return false;
  const q = (name: string) => {
    const entry = header
      .split(',')
      .map((part) => part.trim().split(';'))
      .find(([coding]) => coding!.trim().toLowerCase() === name);
    if (!entry) return undefined;
    const weight = entry.slice(1).find((p) => /^q=/i.test(p.trim()));
    return weight === undefined ? 1 : Number(weight.trim().slice(2));
  };
  const gzip = q('gzip') ?? q('*');
  return gzip !== undefined && gzip > 0;
}

/** The path with its percent-encoding decoded, or undefined when the encoding is malformed. */
function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/** A request from this machine to this machine, not passed on by a proxy. */
function fromThisMachine(c: Context<ApiEnv>): boolean {
  const forwarded = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some((h) => c.req.header(h) !== undefined);
  return !forwarded && LOOPBACK_PEER.test(peerAddress(c)) && LOOPBACK_HOST.test(c.req.header('host') ?? '');
}
