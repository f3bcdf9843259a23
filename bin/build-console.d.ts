/** See build-console.js: builds dist/web when missing or older than its sources; true when it built. */
export function buildConsole(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
