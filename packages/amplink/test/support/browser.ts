import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Where tests leave what a person may want to look at after a run (screenshots); ignored by git. */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser). `npm test` installs the package when it
 * is missing (scripts/ensure-system-deps.sh); CHROMIUM_PATH points elsewhere.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? which('chromium') ?? which('chromium-browser');
  if (executablePath === undefined) {
    throw new Error('No Chromium found: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath, headless: true });
}

function which(command: string): string | undefined {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
