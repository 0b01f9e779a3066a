import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { CreateRunRequest, RunCreatedResponse } from '@parallax/contracts';
import { queueScheduler } from 'rxjs';
import { FRAME_SCHEDULER } from '../core/browser';
import { RUNS_SOCKET } from '../streaming/runs-socket';
import { ev, FakeRunsSocket } from '../testing/fake-runs-socket';
import { RunSession } from './run-session';

function setup() {
  const socket = new FakeRunsSocket();
  TestBed.configureTestingModule({
    providers: [
      RunSession,
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: RUNS_SOCKET, useValue: () => socket },
      { provide: FRAME_SCHEDULER, useValue: queueScheduler },
    ],
  });
  return { socket, session: TestBed.inject(RunSession), http: TestBed.inject(HttpTestingController) };
}

const created = (runId: string): RunCreatedResponse => ({
  runId,
  mode: 'compare',
  targets: [
    { targetId: 't0', modelId: 'sim-fast' },
    { targetId: 't1', modelId: 'sim-slow' },
  ],
});
const options = { mode: 'compare' as const, models: ['sim-fast', 'sim-slow'], params: {} };

describe(RunSession.name, () => {
  it('streams each target into its own view and announces the end of the run once', () => {
    const { socket, session, http } = setup();
    session.send('hi', options, new Map());
    http.expectOne('/api/runs').flush(created('r1'));
    [ev.started(1, 't0'), ev.delta(2, 'Hello', 't0'), ev.delta(3, 'Yo', 't1'), ev.completed(4, 't0'), ev.failed(5, 'provider_error', 't1'), ev.runCompleted(6)].forEach((e) =>
      socket.push(e),
    );

    const [fast, slow] = session.current()?.targets.map((t) => t.view()) ?? [];
    expect(fast.text).toBe('Hello');
    expect(fast.state).toBe('done');
    expect(slow.state).toBe('failed');
    expect(session.running()).toBe(false);
    expect(session.announcement()).toBe('Run finished: 1 of 2 answers complete.');
  });

  it('sends a follow-up with each model its own earlier question and answer', () => {
    const { socket, session, http } = setup();
    session.send('first', options, new Map());
    http.expectOne('/api/runs').flush(created('r1'));
    [ev.delta(1, 'fast answer', 't0'), ev.delta(2, 'slow answer', 't1'), ev.completed(3, 't0'), ev.completed(4, 't1'), ev.runCompleted(5)].forEach((e) => socket.push(e));

    session.send('second', options, new Map());
    const body = http.expectOne('/api/runs').request.body as CreateRunRequest;
    expect(body.messages).toEqual([{ role: 'user', content: 'second' }]);
    expect(body.histories).toEqual({
      'sim-fast': [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'fast answer' },
      ],
      'sim-slow': [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'slow answer' },
      ],
    });
  });

  it('shows the gateway validation message when a run is refused', () => {
    const { session, http } = setup();
    session.send('x', options, new Map());
    http
      .expectOne('/api/runs')
      .flush({ statusCode: 400, error: 'Bad Request', message: 'invalid run request', issues: [{ path: 'models', message: 'at most 8 models per run' }] }, { status: 400, statusText: 'Bad Request' });
    expect(session.current()?.error).toBe('invalid run request (models: at most 8 models per run)');
    expect(session.running()).toBe(false);
  });

  it('forgets the conversation and stops listening when cleared', () => {
    const { socket, session, http } = setup();
    session.send('hi', options, new Map());
    http.expectOne('/api/runs').flush(created('r1'));
    session.clear();
    expect(session.turns()).toEqual([]);
    expect(socket.unsubscribes).toEqual(['r1']);
  });

  it('cancels the current run through the API', () => {
    const { session, http } = setup();
    session.send('hi', options, new Map());
    http.expectOne('/api/runs').flush(created('r9'));
    session.stop();
    const cancel = http.expectOne('/api/runs/r9');
    expect(cancel.request.method).toBe('DELETE');
  });
});
