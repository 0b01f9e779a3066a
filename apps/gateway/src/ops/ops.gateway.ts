import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { OPS_EVENTS, OPS_NAMESPACE } from '@parallax/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { OPS_DISABLED_MESSAGE, OpsAuth } from './ops-auth';
import { OpsService } from './ops.service';

/**
 * Socket.IO namespace `/ops`: pushes the dashboard snapshot about once a second. One timer per gateway computes
 * the snapshot once and emits it to this gateway's own sockets only, so viewers add no Redis load and N gateways
 * never send a socket the same snapshot twice. The token is checked once, in the handshake.
 */
@WebSocketGateway({ namespace: OPS_NAMESPACE })
export class OpsGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  private readonly logger = new Logger(OpsGateway.name);
  private namespace?: Namespace;
  private timer?: NodeJS.Timeout;
  private pushing = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly auth: OpsAuth,
    private readonly ops: OpsService,
  ) {}

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const result = this.auth.check(typeof token === 'string' ? token : undefined);
      if (result === 'ok') return next();
      next(new Error(result === 'disabled' ? OPS_DISABLED_MESSAGE : 'unauthorized: a valid operator token is required'));
    });
    this.timer = setInterval(() => void this.push(), this.config.ops.pushIntervalMs);
    this.timer.unref();
  }

  /** A new viewer gets the current state at once instead of after the next tick. */
  async handleConnection(socket: Socket): Promise<void> {
    try {
      socket.emit(OPS_EVENTS.snapshot, await this.ops.snapshot());
    } catch (error) {
      this.logger.error(`ops snapshot failed: ${(error as Error).message}`);
    }
  }

  private async push(): Promise<void> {
    const namespace = this.namespace;
    if (!namespace || namespace.sockets.size === 0 || this.pushing) return;
    this.pushing = true;
    try {
      namespace.local.emit(OPS_EVENTS.snapshot, await this.ops.snapshot());
    } catch (error) {
      this.logger.error(`ops snapshot failed: ${(error as Error).message}`);
    } finally {
      this.pushing = false;
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
