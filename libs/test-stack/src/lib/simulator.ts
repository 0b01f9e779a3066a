import type { ChatMessage } from '@parallax/contracts';

/** The simulator's own, non-streamed answer for a conversation: what a streamed target must add up to. */
export async function expectedAnswer(mockUrl: string, model: string, messages: ChatMessage[]): Promise<{ text: string; completionTokens: number }> {
  const response = await fetch(`${mockUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mock-speed': 'max' },
    body: JSON.stringify({ model, messages }),
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[]; usage: { completion_tokens: number } };
  return { text: body.choices[0].message.content, completionTokens: body.usage.completion_tokens };
}

export async function queueFault(mockUrl: string, model: string, fault: Record<string, unknown>, times = 1): Promise<void> {
  const response = await fetch(`${mockUrl}/__mock/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, fault, times }),
  });
  if (!response.ok) throw new Error(`queueing a fault failed: ${response.status} ${await response.text()}`);
}

export interface MockRequestRecord {
  model: string;
  outcome: 'completed' | 'aborted' | 'fault' | string;
  tokensSent: number;
}

export async function mockRequests(mockUrl: string): Promise<MockRequestRecord[]> {
  const response = await fetch(`${mockUrl}/__mock/requests`);
  const body = (await response.json()) as { data: MockRequestRecord[] };
  return body.data;
}

export async function clearMock(mockUrl: string): Promise<void> {
  await fetch(`${mockUrl}/__mock/requests`, { method: 'DELETE' });
  await fetch(`${mockUrl}/__mock/faults`, { method: 'DELETE' });
}
