import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. In CI (CI=true, as .ci/run sets, after installing Chromium) a
 * missing Chromium is a failure; elsewhere the browser tests are skipped with a notice.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM) || process.env.CI) return true;
  console.warn(
    `\n*** NOTICE: no Chromium at ${CHROMIUM} (apt-get install chromium): the browser tests are SKIPPED ***\n`,
  );
  return false;
}

/** Debian's Chromium, headless, WebGL through SwiftShader (see MACHINE-NOTES). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}
