import { API } from './http.js';
import type { Session } from './session.js';

export interface StoredEvent {
  seq: number;
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  payload: Record<string, unknown>;
}

/** `unauthorised`: the token was revoked or has expired; the stream stops (sign in again). */
export type StreamState = 'connecting' | 'live' | 'offline' | 'unauthorised';

/**
 * Follows the operation's server-sent events from a log position. EventSource cannot send a bearer
 * token, so this reads the stream with fetch; on a drop it reconnects after a second from the last
 * seq it saw, which the API resumes exactly. A revoked or expired token ends it.
 */
export function followOperation(
  session: Session,
  after: number,
  onEvents: (events: StoredEvent[]) => void,
  onState: (state: StreamState) => void,
): () => void {
  const stop = new AbortController();
  let cursor = after;
  void (async () => {
    while (!stop.signal.aborted) {
      onState('connecting');
      try {
        const res = await fetch(`${API}/operations/${session.operationId}/stream?after=${cursor}`, {
          headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
          signal: stop.signal,
        });
        if (res.status === 401) return onState('unauthorised');
        if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          const messages = buffer.split('\n\n');
          buffer = messages.pop() ?? '';
          const batch: StoredEvent[] = [];
          for (const message of messages) {
            let event = 'message';
            let data = '';
            for (const line of message.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trimStart();
            }
            if (event === 'ready') onState('live');
            else if (event === 'unauthorised') return onState('unauthorised');
            else if (event === 'message' && data) batch.push(JSON.parse(data) as StoredEvent);
          }
          if (batch.length > 0) {
            cursor = batch[batch.length - 1]!.seq;
            onEvents(batch);
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      onState('offline');
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return () => stop.abort();
}
