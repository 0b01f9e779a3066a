import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { RunQueues } from '../runs/run-queues';
import { LaneOps } from './lane-ops.service';
import { bearerToken, OPS_DISABLED_MESSAGE, OpsAuth } from './ops-auth';

export const QUEUE_BOARD_PATH = '/ops/queues';
const COOKIE = 'parallax_ops_board';

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Lets a request through with the bearer token, or with the cookie set by opening the board once with
 * `?token=`; that first request is redirected to the same URL without the token, so it stays out of the
 * browser history and of any later request line.
 */
function boardAuth(auth: OpsAuth) {
  return (req: Request, res: Response, next: NextFunction) => {
    const queryToken = typeof req.query['token'] === 'string' ? req.query['token'] : undefined;
    const result = auth.check(bearerToken(req.headers.authorization) ?? queryToken);
    if (result === 'disabled') {
      res.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: OPS_DISABLED_MESSAGE });
      return;
    }
    if (result === 'ok' && queryToken) {
      res.cookie(COOKIE, auth.cookieValue, { httpOnly: true, sameSite: 'strict', path: QUEUE_BOARD_PATH, secure: req.secure });
      const url = new URL(req.originalUrl, 'http://board.local');
      url.searchParams.delete('token');
      res.redirect(303, url.pathname + url.search);
      return;
    }
    if (result === 'ok' || auth.checkCookie(readCookie(req.headers.cookie, COOKIE))) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="parallax-ops"');
    res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'a valid operator token is required (Authorization: Bearer <token> or ?token=)' });
  };
}

/**
 * Mounts bull-board for browsing jobs, read-only: retries and removals go through the ops API, which keeps
 * each run's log consistent (a board retry would re-run a job whose target already ended, doing nothing).
 */
export function mountQueueBoard(app: INestApplication): void {
  const lanes = app.get(LaneOps);
  const queues = app.get(RunQueues);
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: lanes.lanes().map((lane) => new BullMQAdapter(queues.queue(lane), { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Parallax lanes' } },
  });
  app.use(QUEUE_BOARD_PATH, boardAuth(app.get(OpsAuth)), serverAdapter.getRouter());
}
