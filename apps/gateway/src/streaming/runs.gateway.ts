import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { runSubscribeRequestSchema, RUNS_NAMESPACE, SOCKET_EVENTS, type RunSubscribeAck } from '@parallax/contracts';
import { RelayMetrics } from '../metrics/relay-metrics';
import { RunRelay } from './run-relay.service';

/** Socket.IO namespace `/runs`: subscribe to a run, get its replay then its live events. */
@WebSocketGateway({ namespace: RUNS_NAMESPACE })
export class RunsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RunsGateway.name);
  constructor(
    private readonly relay: RunRelay,
    private readonly metrics: RelayMetrics,
  ) {}

  afterInit(namespace: Namespace): void {
    this.relay.attach(namespace);
  }

  handleConnection(): void {
    this.metrics.sockets.inc();
  }

  handleDisconnect(socket: Socket): void {
    this.metrics.sockets.dec();
    this.relay.forget(socket.id);
  }

  @SubscribeMessage(SOCKET_EVENTS.runSubscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<RunSubscribeAck> {
    const parsed = runSubscribeRequestSchema.safeParse(body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'invalid_request', message } };
    }
    try {
      return await this.relay.subscribe(socket, parsed.data.runId, parsed.data.afterSeq);
    } catch (error) {
      this.logger.error(`subscribe ${parsed.data.runId}: ${(error as Error).message}`);
      return { ok: false, error: { code: 'internal', message: 'subscription failed; retry' } };
    }
  }

  @SubscribeMessage(SOCKET_EVENTS.runUnsubscribe)
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: { runId?: unknown }): { ok: boolean } {
    if (typeof body?.runId !== 'string') return { ok: false };
    this.relay.unsubscribe(socket, body.runId);
    return { ok: true };
  }
}
