import { gzipSync } from 'node:zlib';

/** A failure of the link (the upstream down, hanging, refusing or answering garbage): retried later. */
export class LinkError extends Error {
  /** The upstream's status, when it answered with a refusal. */
  readonly status: number | undefined;
  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** Where and how a link calls its upstream, and where it counts the bytes either way. */
export interface UpstreamCall {
  url: string;
  token: string;
  /** A request that takes longer has failed. */
  timeoutMs: number;
  /** Aborted when the link stops. */
  signal: AbortSignal;
  counted: (bytesOut: number, bytesIn: number) => void;
}

/**
 * One request of the sync API to the upstream: the body gzipped, the answer checked to be Corridor's.
 * Every failure (unreachable, too slow, a refusal, garbage) is a LinkError.
 */
export async function callUpstream<T>(
  link: UpstreamCall,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${link.token}`,
    'accept-encoding': 'gzip',
  };
  let payload: Uint8Array | undefined;
  if (body !== undefined) {
    // The most memory zlib may use for its state: about a seventh less CPU, the same size within a few
    // hundred bytes.
    payload = gzipSync(JSON.stringify(body), { memLevel: 9 });
    headers['content-type'] = 'application/json';
    headers['content-encoding'] = 'gzip';
    link.counted(payload.length, 0);
  }
  let res: Response;
  const send = () =>
    fetch(link.url + path, {
      method,
      headers,
      ...(payload ? { body: payload } : {}),
      signal: AbortSignal.any([AbortSignal.timeout(link.timeoutMs), link.signal]),
    });
  try {
    try {
      res = await send();
    } catch (error) {
      // A kept-alive connection the upstream closed as the request went out (reset, or closed by an
      // upstream that restarted): every sync request may be sent again (they are idempotent), once,
      // at once.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw error;
      res = await send();
    }
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    throw new LinkError(
      e.name === 'TimeoutError'
        ? `the upstream ${link.url} did not answer ${method} ${path} within ${link.timeoutMs / 1000} s`
        : `the upstream ${link.url} cannot be reached (${e.cause?.code ?? e.message})`,
    );
  }
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new LinkError(`the upstream's answer to ${method} ${path} broke off: ${(error as Error).message}`);
  }
  link.counted(0, Number(res.headers.get('content-length') ?? text.length));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LinkError(
      `the upstream answered ${method} ${path} with ${res.status} and something that is not JSON: ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  if (!res.ok) {
    const message = (json as { error?: { message?: string } }).error?.message ?? `status ${res.status}`;
    throw new LinkError(`the upstream refused ${method} ${path} (${res.status}): ${message}`, {
      status: res.status,
    });
  }
  if (typeof json !== 'object' || json === null || !('site' in json))
    throw new LinkError(
      `the upstream answered ${method} ${path} with JSON that is not Corridor's sync answer`,
    );
  return json as T;
}
