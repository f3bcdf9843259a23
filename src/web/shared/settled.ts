/** Resolves once `promise` settles (kept or refused), or after `waitMs` at most. */
export function settledWithin(promise: Promise<unknown>, waitMs: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, waitMs);
    const settle = () => {
      clearTimeout(timer);
      done();
    };
    promise.then(settle, settle);
  });
}
