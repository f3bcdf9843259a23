import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxySet } from './rate-limit.js';

/** The address a request is counted under, as a server behind the proxy 10.0.0.1 sees it. */
async function addressOf(peer: string, forwarded?: string): Promise<string> {
  const app = new Hono();
  const proxies = trustedProxySet(['10.0.0.1']);
  app.get('/', (c) => c.text(clientAddress(c, proxies)));
  const res = await app.request(
    '/',
    { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } },
    { incoming: { socket: { remoteAddress: peer } } },
  );
  return res.text();
}

describe('the address a request is counted under', () => {
  it("is the peer's, and the proxy's forwarded one only from the proxy", async () => {
    expect(await addressOf('198.51.100.7')).toBe('198.51.100.7');
    expect(await addressOf('198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(await addressOf('::ffff:10.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    // Read from the right: what the client wrote itself comes first.
    expect(await addressOf('10.0.0.1', '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('drops a port, and counts an IPv6 address by its /64', async () => {
    expect(await addressOf('10.0.0.1', '203.0.113.9:5123')).toBe('203.0.113.9');
    expect(await addressOf('10.0.0.1', '[2001:db8:1:2::1]:443')).toBe('2001:db8:1:2::/64');
    expect(await addressOf('10.0.0.1', '2001:db8:1:2:ffff::9')).toBe('2001:db8:1:2::/64');
    expect(await addressOf('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe('2001:db8:1:2::/64');
    expect(await addressOf('::1')).toBe('0:0:0:0::/64');
  });

  it("counts what is not an address as the proxy's own request", async () => {
    expect(await addressOf('10.0.0.1', 'foo')).toBe('10.0.0.1');
    expect(await addressOf('10.0.0.1', '09.9.9.9')).toBe('10.0.0.1');
  });
});
