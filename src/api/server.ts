import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../app/context.js';
import { createApi } from './app.js';
import { serveConsole, type ConsoleOptions } from './console/static.js';

export type { ConsoleOptions, DemoToken } from './console/static.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the API and the console on `hostname:port`; 127.0.0.1 unless told otherwise. */
export function startServer(
  ctx: AppContext,
  options: { port: number; hostname?: string; console?: ConsoleOptions; trustedProxies?: readonly string[] },
): Promise<RunningServer> {
  const app = createApi(ctx, options.trustedProxies ? { trustedProxies: options.trustedProxies } : {});
  serveConsole(app, options.console);
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    server = serve({ fetch: app.fetch, port: options.port, hostname }, (info: AddressInfo) => {
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            // Live streams never end by themselves: drop open connections so close completes.
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server!.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
