import { EventEmitter } from 'node:events';

/**
 * Tells live streams in this process that an operation's log grew. Streams then read the log itself,
 * so what they send is always what was committed; a stream also polls, which covers appends made by
 * another process on the same database.
 */
export class LiveFeed {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }

  appended(operationId: string): void {
    this.emitter.emit(operationId);
  }

  /** Resolves when the operation's log grows, or after `timeoutMs`, or when `signal` aborts. */
  wait(operationId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(operationId, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.emitter.on(operationId, done);
      signal?.addEventListener('abort', done);
    });
  }
}
