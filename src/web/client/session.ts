/** The token and operation chosen at sign-in, kept in this browser (the console and the tally share it). */
export interface Session {
  token: string;
  operationId: string;
}

const KEY = 'corridor.session';

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return value && typeof value.token === 'string' && typeof value.operationId === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
