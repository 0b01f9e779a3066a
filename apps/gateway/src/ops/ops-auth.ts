import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

export type OpsAuthResult = 'ok' | 'disabled' | 'refused';

export const OPS_DISABLED_MESSAGE = 'the operator API is disabled: set PARALLAX_OPS_TOKEN (at least 16 characters) on the gateway';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Reads the token of `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Checks operator credentials against `PARALLAX_OPS_TOKEN`. Comparisons run on fixed-length digests in
 * constant time, so neither the token's content nor its length leaks through timing.
 */
@Injectable()
export class OpsAuth {
  private readonly expected: Buffer | null;
  /** Cookie value for the queue board: derived from the token, so the cookie never holds the token itself. */
  readonly cookieValue: string | null;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const token = config.ops.token;
    this.expected = token ? digest(token) : null;
    this.cookieValue = token ? createHmac('sha256', token).update('parallax-ops-queue-board').digest('base64url') : null;
  }

  check(token: string | undefined): OpsAuthResult {
    if (!this.expected) return 'disabled';
    if (!token) return 'refused';
    return timingSafeEqual(digest(token), this.expected) ? 'ok' : 'refused';
  }

  checkCookie(value: string | undefined): boolean {
    if (!this.cookieValue || !value) return false;
    return timingSafeEqual(digest(value), digest(this.cookieValue));
  }

  /** Throws the HTTP error for a failed check: 503 while disabled, 401 for a missing or wrong token. */
  assert(token: string | undefined): void {
    const result = this.check(token);
    if (result === 'disabled') throw new ServiceUnavailableException(OPS_DISABLED_MESSAGE);
    if (result === 'refused') throw new UnauthorizedException('a valid operator token is required (Authorization: Bearer <token>)');
  }
}

/** Guards the ops controller with the operator token. */
@Injectable()
export class OpsTokenGuard implements CanActivate {
  constructor(private readonly auth: OpsAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    try {
      this.auth.assert(bearerToken(request.headers.authorization));
    } catch (error) {
      if (error instanceof UnauthorizedException) context.switchToHttp().getResponse().setHeader('WWW-Authenticate', 'Bearer realm="parallax-ops"');
      throw error;
    }
    return true;
  }
}
