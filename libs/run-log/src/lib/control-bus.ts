import type { Redis } from 'ioredis';
import { controlMessageSchema, redisKeys, type ControlMessage } from '@parallax/contracts';

/** Cancel requests from gateways to whichever worker holds the target. */
export class ControlBus {
  constructor(private readonly publisher: Redis) {}

  async publish(message: ControlMessage): Promise<void> {
    await this.publisher.publish(redisKeys.controlChannel(), JSON.stringify(message));
  }

  /**
   * Listens on a dedicated subscriber connection; malformed messages are ignored, never thrown.
   * Resolves once Redis confirmed the subscription, to a function that ends it.
   */
  static async listen(subscriber: Redis, onMessage: (message: ControlMessage) => void): Promise<() => Promise<void>> {
    const channel = redisKeys.controlChannel();
    const handler = (received: string, raw: string) => {
      if (received !== channel) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return;
      }
      const result = controlMessageSchema.safeParse(parsed);
      if (result.success) onMessage(result.data);
    };
    subscriber.on('message', handler);
    await subscriber.subscribe(channel);
    return async () => {
      subscriber.off('message', handler);
      await subscriber.unsubscribe(channel);
    };
  }
}
