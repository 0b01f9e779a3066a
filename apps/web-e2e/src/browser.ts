import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Stack } from '@parallax/test-stack';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium with the flags this project's machines need (no sandbox, no GPU, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Starts the stack and Chromium once per spec file, and hands every test a fresh page already open at `path`.
 * Pages are closed after each test; the browser and the stack after the file.
 */
export function browserAgainst(stack: Stack, path: string, viewport: { width: number; height: number }, use: (page: Page) => void): void {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    await stack.start();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });
  beforeEach(async () => {
    page = await (browser as Browser).newPage({ viewport });
    await page.goto(`${stack.gatewayUrl}${path}`);
    use(page);
  });
  afterEach(() => page?.close());
}

export const SCREENSHOT_DIR = resolve(__dirname, '../../../test-output/web');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Ticks the given models in the picker and unticks every other one. */
export async function pickModels(page: Page, modelIds: string[]): Promise<void> {
  await page.locator('[data-testid="model-option"]').first().waitFor();
  for (const option of await page.locator('[data-testid="model-option"]').all()) {
    const id = await option.getAttribute('data-model-id');
    const box = option.locator('input[type="checkbox"]');
    if (await box.isDisabled()) continue;
    if ((await box.isChecked()) !== modelIds.includes(id ?? '')) await box.click();
  }
}

/** The raw markdown a column holds, read from its Raw view so markup does not get in the way. */
export async function rawText(page: Page, modelId: string): Promise<string> {
  const column = page.locator(`[data-testid="target-column"][data-model-id="${modelId}"]`);
  const raw = column.locator('[data-testid="target-raw"]');
  if ((await raw.count()) === 0) await column.locator('[data-testid="raw-toggle"]').click();
  return (await raw.textContent()) ?? '';
}
