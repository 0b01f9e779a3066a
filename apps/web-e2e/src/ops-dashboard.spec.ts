import type { RunStatusResponse } from '@parallax/contracts';
import { createRun, queueFault, Stack } from '@parallax/test-stack';
import type { Page } from 'playwright-core';
import { browserAgainst, screenshot } from './browser';

const TOKEN = 'ops-browser-token-0123456789abcdef';
const LANE = '[data-lane="simulator"]';
const messages = [{ role: 'user' as const, content: 'Explain how a lighthouse lens focuses light.' }];

describe('operator dashboard in the browser', () => {
  const stack = new Stack({ db: 7, speed: '2', gatewayEnv: { PARALLAX_OPS_TOKEN: TOKEN } });
  let page: Page;
  browserAgainst(stack, '/ops', { width: 1440, height: 1100 }, (opened) => (page = opened));

  const count = async (state: string) => Number(await page.locator(`${LANE} [data-count="${state}"]`).textContent());
  const signIn = async (token: string) => {
    await page.fill('#ops-token', token);
    await page.click('[data-testid="ops-token-form"] button[type="submit"]');
  };

  it('asks for the token and refuses a wrong one', async () => {
    await page.locator('[data-testid="ops-token-form"]').waitFor();
    await signIn('not-the-operator-token');
    await page.locator('[data-testid="ops-problem"]').getByText('refused').waitFor();
    expect(await page.locator(LANE).count()).toBe(0);
  });

  it('shows lane counts changing live while a load of runs goes through', async () => {
    await signIn(TOKEN);
    await page.locator('[data-testid="ops-connection"]').getByText('live').waitFor();
    await page.locator(LANE).waitFor();
    const completedBefore = await count('completed');

    const runs = await Promise.all(
      Array.from({ length: 8 }, () => createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-slow', 'sim-balanced'] })),
    );
    await page.waitForFunction((lane) => Number(document.querySelector(`${lane} [data-count="active"]`)?.textContent) > 0, LANE, { timeout: 15_000 });
    await screenshot(page, 'ops-under-load');
    await page.waitForFunction(
      ([lane, target]) => Number(document.querySelector(`${lane} [data-count="completed"]`)?.textContent) >= Number(target),
      [LANE, String(completedBefore + runs.length * 2)] as const,
      { timeout: 60_000 },
    );
    expect(await count('active')).toBe(0);
    await page.locator('[data-testid="ops-models"] tr[data-model="sim-slow"] [data-field="requests"]').getByText('8').waitFor();
  });

  it('retries a failed job from the page: the row leaves the failed list and the target completes', async () => {
    await signIn(TOKEN);
    await queueFault(stack.mockUrl, 'sim-fast', { type: 'http', status: 400, message: 'rejected for the browser test' });
    const run = await createRun(stack.gatewayUrl, { mode: 'compare', messages, models: ['sim-fast'] });
    const row = page.locator(`[data-testid="ops-failed"] tr[data-job="${run.runId}.t0"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('provider_error');
    await screenshot(page, 'ops');

    await row.getByRole('button', { name: 'Retry' }).click();
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    let status: RunStatusResponse;
    const deadline = Date.now() + 15_000;
    do {
      status = (await (await fetch(`${stack.gatewayUrl}/api/runs/${run.runId}`)).json()) as RunStatusResponse;
      if (status.targets[0].state === 'done') break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(status.targets[0].state).toBe('done');
  });

  it('logs no crash', () => {
    expect(stack.crashLines()).toEqual([]);
  });
});
