import { Injectable } from '@nestjs/common';
import type { AbortReason } from './provider-errors';

/** In-flight targets of this process, so a cancel or shutdown can abort their provider requests. */
@Injectable()
export class CancellationRegistry {
  private readonly inFlight = new Map<string, AbortController>();

  register(runId: string, targetId: string): AbortController {
    const controller = new AbortController();
    this.inFlight.set(`${runId}.${targetId}`, controller);
    return controller;
  }

  release(runId: string, targetId: string, controller: AbortController): void {
    const key = `${runId}.${targetId}`;
    if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
  }

  /** Aborts one target, or every target of the run when `targetId` is omitted. */
  cancel(runId: string, targetId?: string, reason: AbortReason = 'cancelled'): number {
    let aborted = 0;
    for (const [key, controller] of this.inFlight) {
      const matches = targetId ? key === `${runId}.${targetId}` : key.startsWith(`${runId}.`);
      if (matches && !controller.signal.aborted) {
        controller.abort(reason);
        aborted += 1;
      }
    }
    return aborted;
  }

  abortAll(reason: AbortReason): void {
    for (const controller of this.inFlight.values()) controller.abort(reason);
  }

  get size(): number {
    return this.inFlight.size;
  }
}
