import { apiFetch, listAll } from '../client/http.js';
import type { Corridor, Operation, Snapshot } from '../client/records.js';
import { loadSession, type Session } from '../client/session.js';
import { storedLang } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';

/**
 * The operation, its corridors and where its convoys are: what the first map needs. Asked for as the
 * console's code begins to run, for the session the browser kept (before the map's library is read,
 * React renders and the map starts, which hold the main thread for a while), and taken by the first
 * load of that session; any later load asks again. Imported first by main.tsx.
 */
export type FirstWave = [Operation, Corridor[], Snapshot];

let asked: { key: string; wave: Promise<FirstWave>; settled: FirstWave | null } | null = null;
const keyOf = (session: Session) => `${session.token} ${session.operationId}`;

export function firstWave(session: Session, keep = false): Promise<FirstWave> {
  const key = keyOf(session);
  if (asked?.key !== key) {
    const op = `/operations/${session.operationId}`;
    const made: NonNullable<typeof asked> = {
      key,
      wave: Promise.all([
        apiFetch<Operation>(session, op),
        listAll<Corridor>(session, 'corridors'),
        apiFetch<Snapshot>(session, `${op}/console/snapshot`),
      ]),
      settled: null,
    };
    // Kept for the first load; a refusal (an ended session) is that load's to report.
    made.wave.then((wave) => (made.settled = wave)).catch(() => undefined);
    asked = made;
  }
  const { wave } = asked;
  if (!keep) asked = null;
  return wave;
}

/** The first wave of this session, if it has come already (then the console's first render has it). */
export function firstWaveCome(session: Session): FirstWave | null {
  return asked?.key === keyOf(session) ? asked.settled : null;
}

const stored = typeof localStorage === 'undefined' ? null : loadSession();
// The first time formatted costs the browser its locale's data (tens of milliseconds): the one the
// first screen shows (when a past operation's record ended) is formatted as the records come, while
// MapLibre is still read, rather than in the first render.
if (stored)
  firstWave(stored, true).then(
    ([operation, , snapshot]) => formatTime(snapshot.span?.lastOccurredAt, storedLang(), operation.timezone),
    () => undefined,
  );

/**
 * The first wave asked for the kept session, if any. The console's first render waits for it (at most
 * a moment, main.tsx): the records usually come while the code is read, but their answers are taken
 * only after it, and a first render without them made the map twice (its size changed when the
 * banners came, and it was fitted again).
 */
export function firstWaveAsked(): Promise<FirstWave> | null {
  return asked?.wave ?? null;
}
