import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RUN_LIMITS, type ModelSummary } from '@parallax/contracts';

/** Checkbox list of every registry model; unavailable ones stay visible, disabled, with the reason. */
@Component({
  selector: 'app-model-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="model-picker">
      <legend>Models <span class="hint">({{ selected().length }} of at most {{ limit }})</span></legend>
      <ul>
        @for (model of models(); track model.id) {
          <li>
            <label
              class="model-option"
              data-testid="model-option"
              [attr.data-model-id]="model.id"
              [class.unavailable]="!model.available"
              [attr.title]="model.unavailableReason ?? null"
            >
              <input
                type="checkbox"
                [checked]="selected().includes(model.id)"
                [disabled]="!model.available || (!selected().includes(model.id) && selected().length >= limit)"
                (change)="toggle(model.id)"
              />
              <span class="model-name">{{ model.label }}</span>
              @if (model.simulated) {
                <span class="badge">simulated</span>
              }
              @if (model.reasoning) {
                <span class="badge subtle">reasoning</span>
              }
              @if (!model.available) {
                <span class="reason">{{ model.unavailableReason ?? 'unavailable' }}</span>
              }
            </label>
          </li>
        }
      </ul>
    </fieldset>
  `,
})
export class ModelPicker {
  readonly models = input.required<ModelSummary[]>();
  readonly selected = input.required<string[]>();
  readonly selectedChange = output<string[]>();
  protected readonly limit = RUN_LIMITS.maxModels;

  protected toggle(id: string): void {
    const current = this.selected();
    this.selectedChange.emit(current.includes(id) ? current.filter((m) => m !== id) : [...current, id]);
  }
}
