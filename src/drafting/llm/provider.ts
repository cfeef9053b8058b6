/** A chat message sent to a language model. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  messages: LlmMessage[];
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface LlmResponse {
  text: string;
  model?: string;
}

/** The small surface the drafter needs from any model: one id, one completion call. */
export interface LlmProvider {
  readonly id: string;
  complete(req: LlmRequest): Promise<LlmResponse>;
}

/** A provider that answers from a script and records every request: for tests of code that drafts. */
export function createRecordingProvider(
  answers: (string | Error)[],
  id = 'recording',
): LlmProvider & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  let i = 0;
  return {
    id,
    requests,
    async complete(req) {
      requests.push(req);
      const a = answers[Math.min(i++, answers.length - 1)];
      if (a instanceof Error) throw a;
      return { text: a ?? '' };
    },
  };
}
