import { listOperations } from '../../store/queries.js';
import { tickAccountability } from '../log/derived-events.js';
import type { AppContext } from '../context.js';

/**
 * Run the time-based accountability rules (overdue, stopped, windows) of every operation every
 * `intervalMs`. Returns a function that stops it. A tick that fails (the store busy with a rebuild)
 * is tried again at the next one.
 */
export function startAccountabilityClock(
  ctx: AppContext,
  intervalMs: number,
  onError: (error: unknown) => void = () => {},
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      try {
        for (const op of await listOperations(ctx.store.db)) await tickAccountability(ctx, op.id);
      } catch (error) {
        onError(error);
      } finally {
        running = false;
      }
    })();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
