import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ModelSummary } from '@parallax/contracts';
import { CLIPBOARD } from '../core/browser';
import type { TargetHandle } from '../session/run-session';
import { applyTargetEvents, initialTargetView, type TargetView } from '../session/target-view';
import { ev } from '../testing/fake-runs-socket';
import { TargetColumn } from './target-column';

const model = { id: 'sim-reasoner', label: 'Sim Reasoner', simulated: true, reasoning: true, pricing: { inputPerMTok: 1, outputPerMTok: 2 } } as ModelSummary;

function setup() {
  const copied: string[] = [];
  TestBed.configureTestingModule({ providers: [{ provide: CLIPBOARD, useValue: (t: string) => (copied.push(t), Promise.resolve()) }] });
  const view = signal<TargetView>(initialTargetView('t0', 'sim-reasoner', 0));
  const handle: TargetHandle = { targetId: 't0', modelId: 'sim-reasoner', view };
  const fixture = TestBed.createComponent(TargetColumn);
  fixture.componentRef.setInput('handle', handle);
  fixture.componentRef.setInput('model', model);
  fixture.componentRef.setInput('now', 0);
  const el = fixture.nativeElement as HTMLElement;
  const column = () => el.querySelector('[data-testid="target-column"]') as HTMLElement;
  return { fixture, view, el, column, copied };
}

describe(TargetColumn.name, () => {
  it('streams markdown and reasoning, then shows the server figures when done', async () => {
    const { fixture, view, el, column } = setup();
    fixture.detectChanges();
    expect(column().dataset['state']).toBe('streaming');
    expect(el.textContent).toContain('simulated');

    view.update((v) => applyTargetEvents(v, [ev.started(1), ev.delta(2, '', 't0', 'r1', 'thinking…'), ev.delta(3, '# Title\n\nSome **bold**')], 100));
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="target-text"] h1')?.textContent).toBe('Title');
    expect(el.querySelector('[data-testid="target-reasoning"]')?.textContent).toContain('thinking…');

    view.update((v) => applyTargetEvents(v, [ev.completed(4, 't0', 'r1', 321)], 500));
    fixture.detectChanges();
    expect(column().dataset['state']).toBe('done');
    const metrics = el.querySelector('[data-testid="target-metrics"]')?.textContent ?? '';
    expect(metrics).toContain('80 ms');
    expect(metrics).toContain('42 tok/s');
    expect(metrics).toContain('321');
  });

  it('updates live figures on the session clock, not on every batch of tokens', () => {
    const { fixture, view, el } = setup();
    const tokens = () => el.querySelector('[data-testid="target-metrics"] div:nth-child(4) dd')?.textContent?.trim();
    view.update((v) => applyTargetEvents(v, [ev.started(1), ev.delta(2, 'abcd')], 100));
    fixture.componentRef.setInput('now', 100);
    fixture.detectChanges();
    expect(tokens()).toBe('≈ 1');

    view.update((v) => applyTargetEvents(v, [ev.delta(3, 'efghijkl')], 116));
    fixture.detectChanges();
    expect(tokens()).toBe('≈ 1');

    fixture.componentRef.setInput('now', 200);
    fixture.detectChanges();
    expect(tokens()).toBe('≈ 3');
  });

  it('shows a failure with its message and a cancellation as cancelled', () => {
    const { fixture, view, el, column } = setup();
    view.update((v) => applyTargetEvents(v, [ev.failed(1, 'provider_error')], 10));
    fixture.detectChanges();
    expect(column().dataset['state']).toBe('failed');
    expect(el.querySelector('[data-testid="target-error"]')?.textContent).toContain('upstream said 500');

    view.set(applyTargetEvents(initialTargetView('t0', 'sim-reasoner', 0), [ev.failed(1, 'cancelled')], 10));
    fixture.detectChanges();
    expect(column().dataset['state']).toBe('cancelled');
  });

  it('copies the raw answer and can show it unformatted', async () => {
    const { fixture, view, el, copied } = setup();
    view.update((v) => applyTargetEvents(v, [ev.delta(1, 'Use `x`')], 10));
    fixture.detectChanges();
    (el.querySelector('[data-testid="copy-answer"]') as HTMLButtonElement).click();
    (el.querySelector('[data-testid="raw-toggle"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(copied).toEqual(['Use `x`']);
    expect(el.querySelector('[data-testid="target-raw"]')?.textContent).toBe('Use `x`');
  });
});
