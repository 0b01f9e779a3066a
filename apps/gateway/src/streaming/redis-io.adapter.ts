import { IoAdapter } from '@nestjs/platform-socket.io';
import type { INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO on the Redis adapter, so broadcasts and room queries span every gateway. Run events do not
 * travel through it: each gateway relays them from pub/sub to its own sockets (see RunRelay).
 */
export class RedisIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly cors: ServerOptions['cors'],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      cors: this.cors,
      maxHttpBufferSize: 64 * 1024,
      // Small frames at high rates: compression costs more CPU than it saves.
      perMessageDeflate: false,
    });
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }
}
