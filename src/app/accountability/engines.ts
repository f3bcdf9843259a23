import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { Accountability } from '../../domain/accountability/engine.js';
import { readEvents } from '../../store/event-log.js';
import type { Database } from '../../store/schema.js';
import { projectableOf } from '../log/stored-event.js';

/**
 * The accountability engine of each operation, kept in memory and caught up with the log on every use
 * (events another process appended are read then), so it is always the fold of what is committed.
 * Appends use it under their operation's lock; a failed append throws the engine away and the next use
 * folds the log again.
 */
export class AccountabilityEngines {
  private readonly engines = new Map<string, { engine: Accountability; lastSeq: number }>();

  constructor(
    private readonly now: () => Date,
    /** The tag of the codes this node gives (domain/codes.ts). */
    private readonly codeTag: string | null = null,
  ) {}

  async caughtUp(db: Kysely<Database>, operationId: string): Promise<Accountability> {
    let entry = this.engines.get(operationId);
    if (!entry) {
      entry = {
        engine: new Accountability(operationId, () => uuidv7({ msecs: this.now().getTime() }), this.codeTag),
        lastSeq: 0,
      };
      this.engines.set(operationId, entry);
    }
    for (;;) {
      const page = await readEvents(db, { operationId, afterSeq: entry.lastSeq, limit: 5000 });
      // Thrown away meanwhile (a failed append): start again from the log.
      if (this.engines.get(operationId) !== entry) return this.caughtUp(db, operationId);
      // Another caller (an append under the lock, or a reader) may have folded some of these meanwhile.
      for (const row of page)
        if (row.seq > entry.lastSeq) {
          entry.engine.apply(projectableOf(row));
          entry.lastSeq = row.seq;
        }
      if (page.length < 5000) return entry.engine;
    }
  }

  /** The engine has folded the operation's events up to `seq` (this process appended them). */
  advance(operationId: string, seq: number): void {
    const entry = this.engines.get(operationId);
    if (entry && seq > entry.lastSeq) entry.lastSeq = seq;
  }

  invalidate(operationId: string): void {
    this.engines.delete(operationId);
  }
}
