import OpenAI from 'openai';
import type { LlmProvider } from './provider.ts';

/** The LLM part of the service config (see src/config.ts). */
export interface OpenAiProviderConfig {
  LLM_BASE_URL?: string;
  LLM_MODEL?: string;
  LLM_API_KEY?: string;
  LLM_TIMEOUT_MS?: number;
}

export interface OpenAiProviderOptions {
  /** Retries after the first attempt for connection errors, timeouts, 408/409/429 and 5xx (default 2). */
  maxRetries?: number;
  /** Injectable fetch (tests, proxies). */
  fetch?: typeof fetch;
}

export const DEFAULT_LLM_TIMEOUT_MS = 20_000;

/**
 * A provider for any OpenAI-compatible chat-completions endpoint (vLLM, Ollama, cloud APIs).
 * Throws when LLM_BASE_URL or LLM_MODEL is missing; use `llmFromConfig` to get undefined instead.
 */
export function createOpenAiProvider(config: OpenAiProviderConfig, opts: OpenAiProviderOptions = {}): LlmProvider {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL)
    throw new Error('createOpenAiProvider: LLM_BASE_URL and LLM_MODEL are required');
  const model = config.LLM_MODEL;
  const client = new OpenAI({
    baseURL: config.LLM_BASE_URL,
    // Local servers (vLLM, Ollama) accept any key; the client insists on one.
    apiKey: config.LLM_API_KEY ?? 'not-needed',
    timeout: config.LLM_TIMEOUT_MS ?? DEFAULT_LLM_TIMEOUT_MS,
    maxRetries: opts.maxRetries ?? 2,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return {
    id: `openai-compatible:${model}`,
    async complete(req) {
      const res = await client.chat.completions.create(
        {
          model,
          messages: req.messages,
          temperature: req.temperature ?? 0.2,
          ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
        },
        req.signal ? { signal: req.signal } : undefined,
      );
      return { text: res.choices?.[0]?.message?.content ?? '', model: res.model };
    },
  };
}

/** The configured provider, or undefined when no endpoint is set (the drafter then works offline). */
export function llmFromConfig(config: OpenAiProviderConfig, opts?: OpenAiProviderOptions): LlmProvider | undefined {
  return config.LLM_BASE_URL && config.LLM_MODEL ? createOpenAiProvider(config, opts) : undefined;
}
