// Debian's Chromium driven by playwright-core (which downloads no browser), for
// the dashboard tests; and where their screenshots go.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(__dirname, '../..');

export const CHROMIUM = process.env.HITLESS_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots land here: HITLESS_TEST_ARTIFACTS, else test-output/dashboard (gitignored). */
export async function artifactsDir(): Promise<string> {
  const dir = process.env.HITLESS_TEST_ARTIFACTS ? join(process.env.HITLESS_TEST_ARTIFACTS, 'dashboard') : join(ROOT, 'test-output/dashboard');
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Chromium's pin for one server certificate (base64 SHA-256 of its public key), so that the
 * browser accepts exactly the key a test server serves, as if its CA were installed, and
 * still refuses any other certificate.
 */
export async function certificatePin(certFile: string): Promise<string> {
  const spki = new X509Certificate(await readFile(certFile, 'utf8')).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export function launchChromium(options: { trustPins?: string[] } = {}): Promise<Browser> {
  const pins = options.trustPins?.length ? [`--ignore-certificate-errors-spki-list=${options.trustPins.join(',')}`] : [];
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container: no sandbox. Nothing here may reach the network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...pins],
  });
}

/** A fresh page (its own sessionStorage) signed in with `token`; throws if sign-in fails. */
export async function signedInPage(browser: Browser, baseUrl: string, token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
  return page;
}
