import fc from 'fast-check';

/**
 * Property tests run on one fixed seed, so a run fails or passes the same way on every machine (CI
 * included). `CORRIDOR_PROPERTY_SEED=random npm test` draws new cases (fast-check prints the seed of a
 * failure); `CORRIDOR_PROPERTY_SEED=<n>` replays one.
 */
const asked = process.env.CORRIDOR_PROPERTY_SEED;
if (asked !== 'random') fc.configureGlobal({ seed: asked ? Number(asked) : 20_261_205 });
