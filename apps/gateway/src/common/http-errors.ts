import type { NextFunction, Request, Response } from 'express';

/**
 * Express error handler for what fails before Nest's pipeline (body parsing): malformed JSON and
 * oversized bodies answer with the same JSON error shape as every other 4xx.
 */
export function bodyParserErrorHandler(error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) {
  if (error.type === 'entity.parse.failed') {
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `malformed JSON body: ${error.message}` });
    return;
  }
  if (error.type === 'entity.too.large') {
    res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'request body exceeds the size limit' });
    return;
  }
  if (error.status && error.status >= 400 && error.status < 500) {
    res.status(error.status).json({ statusCode: error.status, error: 'Bad Request', message: error.message });
    return;
  }
  next(error);
}
