import type { RunStatusResponse } from '@parallax/contracts';
import { Stack } from '@parallax/test-stack';
import type { Page } from 'playwright-core';
import { browserAgainst, pickModels, rawText, screenshot } from './browser';

const column = (modelId: string) => `[data-testid="target-column"][data-model-id="${modelId}"]`;

describe('web app against the real stack', () => {
  const stack = new Stack({ db: 10, speed: '2', router: true, gatewayEnv: { ROUTER_TIMEOUT_MS: '3000' } });
  let page: Page;
  browserAgainst(stack, '/', { width: 1440, height: 1000 }, (opened) => (page = opened));

  async function serverRun(): Promise<RunStatusResponse> {
    const runId = await page.locator('[data-testid="current-turn"]').getAttribute('data-run-id');
    const response = await fetch(`${stack.gatewayUrl}/api/runs/${runId}`);
    return (await response.json()) as RunStatusResponse;
  }

  it('streams a compare run over three models to done, each column holding exactly the server text', async () => {
    const models = ['sim-fast', 'sim-reasoner', 'sim-coder'];
    await pickModels(page, models);
    await page.fill('[data-testid="prompt-input"]', 'Write a function that reverses a linked list, and explain it.');
    await page.press('[data-testid="prompt-input"]', 'Control+Enter');

    for (const id of models) await page.locator(`${column(id)}[data-state="done"]`).waitFor({ timeout: 30_000 });
    const run = await serverRun();
    expect(run.targets.map((t) => t.modelId)).toEqual(models);
    await page.locator('[data-testid="fastest-ttft"]').getByText('Sim', { exact: false }).waitFor();
    await screenshot(page, 'compare');

    for (const target of run.targets) {
      expect(target.state).toBe('done');
      expect(await rawText(page, target.modelId)).toBe(target.text);
      const metrics = await page.locator(`${column(target.modelId)} [data-testid="target-metrics"]`).textContent();
      expect(metrics).toContain(String(target.metrics?.outputTokens));
    }
    expect(await page.locator('[data-testid="model-option"][data-model-id="kimi-k2"] input').isDisabled()).toBe(true);
    await page.locator('[data-testid="announcer"]', { hasText: 'Run finished' }).waitFor({ timeout: 10_000 });
  });

  it('sends a follow-up that carries each model its own earlier turn', async () => {
    await pickModels(page, ['sim-fast', 'sim-balanced']);
    await page.fill('[data-testid="prompt-input"]', 'Name a sorting algorithm.');
    await page.click('[data-testid="run-button"]');
    for (const id of ['sim-fast', 'sim-balanced']) await page.locator(`${column(id)}[data-state="done"]`).waitFor({ timeout: 30_000 });
    const firstAnswer = await rawText(page, 'sim-fast');

    await page.fill('[data-testid="prompt-input"]', 'Why that one?');
    await page.click('[data-testid="run-button"]');
    await page.locator('.turn-past').waitFor();
    for (const id of ['sim-fast', 'sim-balanced']) await page.locator(`${column(id)}[data-state="done"]`).waitFor({ timeout: 30_000 });
    const runId = await page.locator('[data-testid="current-turn"]').getAttribute('data-run-id');
    expect(runId).toBeTruthy();
    expect(await page.locator('.turn-past pre').first().textContent()).toBe(firstAnswer);
  });

  it('stops a run: every unfinished column ends as cancelled', async () => {
    await pickModels(page, ['sim-slow', 'sim-balanced']);
    await page.fill('[data-testid="prompt-input"]', 'Describe the history of the printing press in detail.');
    await page.click('[data-testid="run-button"]');
    await page.locator(`${column('sim-slow')} [data-testid="target-text"] .md-block`).first().waitFor({ timeout: 15_000 });
    await page.click('[data-testid="stop-button"]');

    await page.locator(`${column('sim-slow')}[data-state="cancelled"]`).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="run-button"]').waitFor();
    const run = await serverRun();
    for (const target of run.targets) {
      const state = await page.locator(column(target.modelId)).getAttribute('data-state');
      expect(state === 'cancelled' || state === 'done').toBe(true);
      expect(state).toBe(target.state);
    }
    await screenshot(page, 'stopped');
  });

  it('shows the routing decision first, then the single routed answer, and can compare instead', async () => {
    await page.click('[data-testid="mode-routed"]');
    await page.fill('[data-testid="prompt-input"]', 'Translate "good morning" into French and German.');
    await page.click('[data-testid="run-button"]');

    const decision = page.locator('[data-testid="route-decision"]');
    await decision.waitFor({ timeout: 15_000 });
    expect(await decision.getAttribute('data-intent')).toBe('translation');
    const run = await serverRun();
    expect(run.targets).toHaveLength(1);
    const target = run.targets[0];
    await page.locator(`${column(target.modelId)}[data-state="done"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="route-model"]').textContent()).toBeTruthy();
    await screenshot(page, 'routed');
    const finished = await serverRun();
    expect(await rawText(page, target.modelId)).toBe(finished.targets[0].text);

    await page.click('[data-testid="compare-instead"]');
    await page.locator('[data-testid="mode-compare"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="target-column"]').nth(1).waitFor({ timeout: 15_000 });
  });

  it('fits a phone screen in the dark theme, driven by the keyboard alone', async () => {
    const phone = await page.context().browser()!.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    try {
      await phone.goto(stack.gatewayUrl);
      await pickModels(phone, ['sim-fast']);
      await phone.focus('[data-testid="prompt-input"]');
      await phone.keyboard.type('Say hello in three languages.');
      await phone.keyboard.press('Control+Enter');
      await phone.locator(`${column('sim-fast')}[data-state="done"]`).waitFor({ timeout: 30_000 });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(phone, 'phone-dark');
    } finally {
      await phone.close();
    }
  });
});
