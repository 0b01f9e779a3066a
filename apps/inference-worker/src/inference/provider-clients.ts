import OpenAI from 'openai';
import type { ResolvedModel } from '@parallax/model-registry';

/** One OpenAI SDK client per provider, reused across jobs so connections stay warm. */
export class ProviderClients {
  private readonly clients = new Map<string, OpenAI>();

  for(resolved: ResolvedModel): OpenAI {
    let client = this.clients.get(resolved.provider.id);
    if (!client) {
      client = new OpenAI({
        baseURL: resolved.baseUrl,
        // Providers without auth still need a non-empty key for the SDK; it is never sent anywhere else.
        apiKey: resolved.apiKey ?? 'not-needed',
        maxRetries: 0,
        timeout: 10 * 60 * 1000,
      });
      this.clients.set(resolved.provider.id, client);
    }
    return client;
  }
}
