import type { Session } from './session.js';

export const API = '/api/v1';

/** An answer of the API that is not a success, with its `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The language the server said it in (`Content-Language`): English unless it could word it as asked. */
    readonly lang: 'en' | 'ar' = 'en',
  ) {
    super(message);
  }
}

/** The page's language, asked of the server for what it says (its refusals): the reader's choice, not the browser's. */
export function pageLanguage(): string {
  return typeof document !== 'undefined' && document.documentElement.lang === 'ar' ? 'ar' : 'en';
}

export async function apiFetch<T>(
  session: Pick<Session, 'token'>,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const res = await fetch(API + path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${session.token}`,
      'accept-language': pageLanguage(),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  if (!res.ok) {
    // The API's error, or a page of something between (a proxy's 502, a captive portal): its status.
    let error: { code?: string; message?: string } | undefined;
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error;
    } catch {
      error = undefined;
    }
    throw refusalOf(res, error);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The API's refusal in an answer that is not a success, in the language the server said it in. */
export function refusalOf(res: Response, error: { code?: string; message?: string } | undefined): ApiError {
  return new ApiError(
    res.status,
    error?.code ?? 'error',
    error?.message ?? `HTTP ${res.status}`,
    res.headers.get('content-language') === 'ar' ? 'ar' : 'en',
  );
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Every record of a collection, a page of 5,000 at a time. */
export async function listAll<T>(session: Session, collection: string, query = ''): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = await apiFetch<Page<T>>(
      session,
      `/operations/${session.operationId}/${collection}?limit=5000&offset=${offset}${query ? `&${query}` : ''}`,
    );
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

/** A collection that may not exist on this server yet (incidents, say): null on a 404. */
export async function listOptional<T>(session: Session, collection: string): Promise<T[] | null> {
  try {
    return await listAll<T>(session, collection);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
