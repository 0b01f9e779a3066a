import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { INTENT_LABELS, type ModelSummary, type RouteDecision } from '@parallax/contracts';
import { formatPercent, humanize } from './format';

/** What the router decided and why, with one bar per intent probability. */
@Component({
  selector: 'app-route-decision',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="route" data-testid="route-decision" [attr.data-intent]="decision().intent ?? 'unknown'" aria-label="Routing decision">
      <header>
        <h3>Router decision</h3>
        @if (decision().fallback) {
          <span class="badge warn" data-testid="route-fallback">fallback</span>
        }
      </header>
      <p class="route-line">
        @if (decision().intent; as intent) {
          Intent <strong>{{ humanize(intent) }}</strong> <span class="hint">({{ formatPercent(decision().confidence) }} confident)</span> →
        } @else {
          Intent unknown →
        }
        <strong data-testid="route-model">{{ modelLabel() }}</strong>
        @if (model()?.simulated) {
          <span class="badge">simulated</span>
        }
        <span class="hint">· preference {{ decision().preference }}</span>
      </p>
      <p class="route-reason">{{ decision().reason }}</p>
      @if (bars(); as bars) {
        <ul class="bars" aria-label="Intent probabilities">
          @for (bar of bars; track bar.intent) {
            <li [class.chosen]="bar.intent === decision().intent">
              <span class="bar-label">{{ humanize(bar.intent) }}</span>
              <span class="bar-track"><span class="bar-fill" [style.width.%]="bar.p * 100"></span></span>
              <span class="bar-value">{{ formatPercent(bar.p) }}</span>
            </li>
          }
        </ul>
      } @else {
        <p class="hint">The router gave no probabilities for this prompt.</p>
      }
    </section>
  `,
})
export class RouteDecisionPanel {
  readonly decision = input.required<RouteDecision>();
  readonly modelsById = input.required<ReadonlyMap<string, ModelSummary>>();
  protected readonly humanize = humanize;
  protected readonly formatPercent = formatPercent;

  protected readonly model = computed(() => this.modelsById().get(this.decision().modelId));
  protected readonly modelLabel = computed(() => this.model()?.label ?? this.decision().modelId);
  protected readonly bars = computed(() => {
    const probabilities = this.decision().probabilities;
    return probabilities ? INTENT_LABELS.map((intent) => ({ intent, p: probabilities[intent] ?? 0 })) : null;
  });
}
