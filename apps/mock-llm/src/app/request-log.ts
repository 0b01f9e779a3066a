/** `in_progress` until the response settles; tests poll for the final outcome. */
export type RequestOutcome = 'in_progress' | 'completed' | 'aborted' | 'fault';

/** One chat completion as `GET /__mock/requests` reports it. */
export interface RequestLogEntry {
  id: string;
  model: string;
  stream: boolean;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number | null;
  outcome: RequestOutcome;
  /** Reasoning and content tokens that left the server. */
  tokensSent: number;
  /** The fault applied, if any. */
  fault: string | null;
}

/** Bounded ring of recent requests, so a long benchmark cannot grow memory without limit. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private start = 0;

  constructor(private readonly capacity = 500) {}

  open(entry: Pick<RequestLogEntry, 'id' | 'model' | 'stream' | 'fault'>): RequestLogEntry {
    const record: RequestLogEntry = { ...entry, startedAt: Date.now(), endedAt: null, outcome: 'in_progress', tokensSent: 0 };
    if (this.entries.length < this.capacity) {
      this.entries.push(record);
    } else {
      this.entries[this.start] = record;
      this.start = (this.start + 1) % this.capacity;
    }
    return record;
  }

  /** Oldest first. */
  list(): RequestLogEntry[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)].map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }
}

/** Settles an entry once; later outcomes (a close after a fault) are ignored. */
export function settle(entry: RequestLogEntry, outcome: Exclude<RequestOutcome, 'in_progress'>, tokensSent?: number): void {
  if (entry.outcome !== 'in_progress') return;
  entry.outcome = outcome;
  entry.endedAt = Date.now();
  if (tokensSent !== undefined) entry.tokensSent = tokensSent;
}
