/** Text gathered since the last flush. */
export interface DeltaBatch {
  content: string;
  reasoning: string;
}

/**
 * Coalesces provider deltas so Redis and Socket.IO see at most one message per target per interval.
 * Leading edge: a delta after a quiet interval goes out at once, so slow streams and the first token pay
 * no batching delay; under a fast stream deltas wait at most `intervalMs` or until `maxChars` are pending.
 */
export class DeltaBatcher {
  private content = '';
  private reasoning = '';
  private lastFlushAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly maxChars: number,
    private readonly onFlush: (batch: DeltaBatch) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(content: string, reasoning: string): void {
    this.content += content;
    this.reasoning += reasoning;
    const elapsed = this.now() - this.lastFlushAt;
    if (elapsed >= this.intervalMs || this.content.length + this.reasoning.length >= this.maxChars) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs - elapsed);
    }
  }

  /** Sends whatever is pending now; called at the end of a stream before the terminal event. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.content && !this.reasoning) return;
    const batch = { content: this.content, reasoning: this.reasoning };
    this.content = '';
    this.reasoning = '';
    this.lastFlushAt = this.now();
    this.onFlush(batch);
  }
}
