import { Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Collects values and emits them as one array on the scheduler's next tick — with the animation-frame
 * scheduler, at most once per frame. Unlike `bufferTime(0, animationFrameScheduler)` it schedules nothing
 * while the source is quiet, so an idle stream costs no frames. Completion flushes at once so a final
 * event is never held back.
 */
export function batchPerFrame<T>(scheduler: SchedulerLike): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let pending: T[] = [];
      let scheduled: Subscription | null = null;
      const flush = () => {
        scheduled = null;
        if (pending.length === 0) return;
        const batch = pending;
        pending = [];
        subscriber.next(batch);
      };
      const subscription = source.subscribe({
        next: (value) => {
          pending.push(value);
          if (pending.length > 1) return;
          // A synchronous scheduler runs flush before schedule() returns; keep only a still-pending action.
          const action = scheduler.schedule(flush);
          scheduled = action.closed ? null : action;
        },
        error: (error) => {
          scheduled?.unsubscribe();
          flush();
          subscriber.error(error);
        },
        complete: () => {
          scheduled?.unsubscribe();
          flush();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        scheduled?.unsubscribe();
      };
    });
}
