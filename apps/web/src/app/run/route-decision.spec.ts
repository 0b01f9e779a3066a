import { TestBed } from '@angular/core/testing';
import { INTENT_LABELS, type ModelSummary, type RouteDecision } from '@parallax/contracts';
import { RouteDecisionPanel } from './route-decision';

const decision: RouteDecision = {
  intent: 'coding',
  confidence: 0.82,
  probabilities: { coding: 0.82, math: 0.05, reasoning: 0.04, creative_writing: 0.02, knowledge_qa: 0.03, text_transformation: 0.02, translation: 0.01, chitchat: 0.01 },
  modelId: 'sim-coder',
  candidates: [],
  reason: 'best coding strength among available models',
  preference: 'balanced',
  fallback: false,
};
const models = new Map([['sim-coder', { id: 'sim-coder', label: 'Sim Coder', simulated: true } as ModelSummary]]);

function render(value: RouteDecision): HTMLElement {
  const fixture = TestBed.createComponent(RouteDecisionPanel);
  fixture.componentRef.setInput('decision', value);
  fixture.componentRef.setInput('modelsById', models);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

describe(RouteDecisionPanel.name, () => {
  it('names the intent, the chosen simulated model and the reason, with a bar per intent', () => {
    const el = render(decision);
    const panel = el.querySelector('[data-testid="route-decision"]');
    expect(panel?.getAttribute('data-intent')).toBe('coding');
    expect(el.querySelector('[data-testid="route-model"]')?.textContent).toContain('Sim Coder');
    expect(el.textContent).toContain('simulated');
    expect(el.textContent).toContain('best coding strength');
    const bars = el.querySelectorAll('.bars li');
    expect(bars).toHaveLength(INTENT_LABELS.length);
    expect(el.querySelector('.bars li.chosen')?.textContent).toContain('82%');
  });

  it('shows a fallback decision without intent or probabilities', () => {
    const el = render({ ...decision, intent: null, confidence: null, probabilities: null, fallback: true, reason: 'router did not answer' });
    expect(el.querySelector('[data-testid="route-decision"]')?.getAttribute('data-intent')).toBe('unknown');
    expect(el.querySelector('[data-testid="route-fallback"]')).not.toBeNull();
    expect(el.querySelectorAll('.bars li')).toHaveLength(0);
    expect(el.textContent).toContain('router did not answer');
  });
});
