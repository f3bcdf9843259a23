import { isIP, isIPv4, isIPv6 } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from './auth.js';
import { said } from '../../domain/errors.js';
import { refusalJson } from '../errors.js';

/** A sustained rate (requests per second) and the burst allowed above it. */
export interface Rate {
  perSecond: number;
  burst: number;
}

export interface RateLimits {
  perAddress: Rate;
  perToken: Rate;
}

/**
 * Generous enough for field posts syncing queues and for the simulator at 60x, low enough that one
 * runaway client or a password guesser cannot take the service from everyone else.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddress: { perSecond: 400, burst: 4000 },
  perToken: { perSecond: 200, burst: 2000 },
};

/**
 * Token buckets per key, refilled continuously. Kept in memory: a restart forgives everyone, which is
 * fine for abuse control (not for billing). Buckets idle long enough to be full again are dropped.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Take one request for `key`: 0 when allowed, else the seconds until one is. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.rate.burst, at: t };
    b.tokens = Math.min(this.rate.burst, b.tokens + ((t - b.at) / 1000) * this.rate.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.rate.perSecond;
  }

  private sweep(t: number): void {
    const full = (this.rate.burst / this.rate.perSecond) * 1000;
    for (const [key, b] of this.buckets) if (t - b.at > full) this.buckets.delete(key);
  }
}

/** The address of the peer as the Node server saw it (in-process requests have none). */
export function peerAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'in-process';
}

/**
 * An address as one key: an IPv4 address as IPv6 writes it (`::ffff:10.0.0.1`) is the IPv4 address,
 * a port some proxies append (`10.0.0.1:5123`, `[2001:db8::1]:443`) is dropped, and an IPv6 address
 * stands for its /64 (one host usually holds a whole /64, so counting each address would let it
 * guess without limit).
 */
function plainAddress(address: string): string {
  let a = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (a.startsWith('::ffff:') && isIPv4(a.slice(7))) return a.slice(7);
  return isIPv6(a) ? `${ipv6Prefix64(a)}::/64` : a;
}

/** The first four groups of an IPv6 address, written out. */
function ipv6Prefix64(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}

/**
 * The client's address: the peer's, unless the peer is a trusted reverse proxy (`serve
 * --trusted-proxy`); then the address it forwarded in `X-Forwarded-For`, read from the right and
 * skipping the trusted proxies, so that a client cannot choose its address by sending the header
 * itself. From any other peer the header is ignored.
 */
export function clientAddress(c: Context, trustedProxies: ReadonlySet<string> = NO_PROXIES): string {
  const peer = plainAddress(peerAddress(c));
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map(plainAddress)
    .filter((a) => a !== '');
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const a = forwarded[i]!;
    if (trustedProxies.has(a)) continue;
    // What the proxy wrote is an address, or the request counts as the proxy's own.
    return isIP(a) !== 0 || a.endsWith('::/64') ? a : peer;
  }
  return forwarded[0] ?? peer;
}

const NO_PROXIES: ReadonlySet<string> = new Set();

/** The trusted proxies' addresses as `clientAddress` compares them. */
export function trustedProxySet(addresses: readonly string[] = []): ReadonlySet<string> {
  return new Set(addresses.map(plainAddress));
}

function tooMany(c: Context, seconds: number) {
  c.header('Retry-After', String(Math.max(1, Math.ceil(seconds))));
  return refusalJson(
    c,
    'rate_limited',
    said('too many requests: slow down and retry after the time given'),
    429,
  );
}

/** Before authentication: per client address (unauthenticated guessing counts too). */
export function limitPerAddress(
  limiter: RateLimiter,
  trustedProxies?: ReadonlySet<string>,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const wait = limiter.take(clientAddress(c, trustedProxies));
    if (wait > 0) return tooMany(c, wait);
    await next();
  };
}

/** After authentication: per token (a session or a device counts alone, wherever it calls from). */
export function limitPerToken(limiter: RateLimiter): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const wait = limiter.take(c.get('caller').actor);
    if (wait > 0) return tooMany(c, wait);
    await next();
  };
}
