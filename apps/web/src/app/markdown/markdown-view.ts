import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { RENDER_MODE } from '../core/browser';
import { IncrementalMarkdown, type RenderedBlock } from './incremental';
import { renderMarkdown } from './markdown';

interface TrustedBlock {
  id: number;
  html: SafeHtml;
}

/** Markdown of a streaming answer; finished blocks keep their DOM, only the growing tail is re-rendered. */
@Component({
  selector: 'app-markdown-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'markdown' },
  template: `
    @if (naive) {
      <div [innerHTML]="wholeHtml()"></div>
    } @else {
      @for (block of blocks(); track block.id) {
        <div class="md-block" [innerHTML]="block.html"></div>
      }
    }
  `,
})
export class MarkdownView {
  readonly text = input.required<string>();
  protected readonly naive = inject(RENDER_MODE) === 'naive';
  private readonly renderer = new IncrementalMarkdown();

  private readonly sanitizer = inject(DomSanitizer);
  private readonly trusted = new WeakMap<RenderedBlock, TrustedBlock>();

  // The renderer caches by prefix, so calling it from a computed stays pure from the caller's point of view.
  protected readonly blocks = computed(() => this.renderer.update(this.text()).map((block) => this.trust(block)));
  protected readonly wholeHtml = computed(() => renderMarkdown(this.text()));

  /**
   * The renderer escapes every character of model text and emits only its own tags and vetted link targets,
   * so it is the HTML trust boundary. Sanitising again would parse the growing tail twice per frame
   * per column; the markdown spec pins the escaping down instead.
   */
  private trust(block: RenderedBlock): TrustedBlock {
    // Same object for a finished block every frame, so the @for finds nothing to update in its row.
    let trusted = this.trusted.get(block);
    if (!trusted) {
      trusted = { id: block.id, html: this.sanitizer.bypassSecurityTrustHtml(block.html) };
      this.trusted.set(block, trusted);
    }
    return trusted;
  }
}
