import { RUN_LIMITS } from './run-limits';
import { createRunRequestSchema } from './runs';

const user = (content: string) => ({ role: 'user' as const, content });
const issuesOf = (body: unknown) =>
  createRunRequestSchema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('createRunRequestSchema', () => {
  it('accepts a compare run with models, histories and params', () => {
    const parsed = createRunRequestSchema.parse({
      mode: 'compare',
      messages: [user('hi')],
      models: ['sim-fast', 'sim-slow'],
      histories: { 'sim-fast': [user('earlier'), { role: 'assistant', content: 'answer' }] },
      params: { temperature: 0.2, maxTokens: 100 },
    });
    expect(parsed.models).toEqual(['sim-fast', 'sim-slow']);
  });

  it('names each failing field', () => {
    expect(issuesOf({ mode: 'compare', messages: [] })).toEqual([
      'messages: at least one message is required',
      'messages: the last message must come from the user',
    ]);
    expect(issuesOf({ mode: 'compare', messages: [user('hi')], models: ['a', 'a'] })).toEqual(['models: each model may appear once']);
    expect(issuesOf({ mode: 'compare', messages: [user('hi')], params: { topP: 0 } })).toEqual(['params.topP: Too small: expected number to be >0']);
  });

  it('refuses routed runs that name models, and conversations over the size limit', () => {
    expect(issuesOf({ mode: 'routed', messages: [user('hi')], models: ['a'] })).toEqual([
      'models: routed mode picks the model itself; omit "models"',
    ]);
    const many = Array.from({ length: 5 }, () => user('x'.repeat(RUN_LIMITS.maxMessageChars)));
    expect(issuesOf({ mode: 'compare', messages: many })).toEqual([
      `messages: the conversation may hold at most ${RUN_LIMITS.maxTotalChars} characters`,
    ]);
  });

  it('refuses a last message that is not from the user, or is blank', () => {
    expect(issuesOf({ mode: 'compare', messages: [user('q'), { role: 'assistant', content: 'a' }] })).toEqual([
      'messages: the last message must come from the user',
    ]);
    expect(issuesOf({ mode: 'compare', messages: [user(' \n ')] })).toEqual(['messages: the last message must not be empty']);
  });
});
