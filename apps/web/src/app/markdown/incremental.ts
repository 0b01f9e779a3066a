import { BlockSplitter, renderBlock } from './markdown';

export interface RenderedBlock {
  id: number;
  /** Built only from escaped text and the renderer's own tags; see `renderInline`. */
  html: string;
}

/**
 * Renders a growing document so that each finished block is rendered once and keeps its object identity
 * (the template then leaves its DOM alone); only the open last block is rendered again on each update.
 */
export class IncrementalMarkdown {
  private source = '';
  private splitter = new BlockSplitter();
  private done: RenderedBlock[] = [];

  update(text: string): RenderedBlock[] {
    if (!text.startsWith(this.source)) this.reset();
    this.source = text;
    for (const block of this.splitter.feed(text)) this.done.push({ id: this.done.length, html: renderBlock(block) });
    const tail = text.slice(this.splitter.openFrom);
    // A new array each time so signal consumers see the change; the finished block objects inside are reused.
    return tail.trim() ? [...this.done, { id: this.done.length, html: renderBlock(tail) }] : [...this.done];
  }

  private reset(): void {
    this.source = '';
    this.splitter = new BlockSplitter();
    this.done = [];
  }
}
