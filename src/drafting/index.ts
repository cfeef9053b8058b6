/** Reply drafting (智能答复): the public surface used by routes, scripts and the evaluation harness. */
export { createDrafter, chineseDate, type Drafter, type DrafterOptions } from './drafter.ts';
export {
  createOpenAiProvider,
  llmFromConfig,
  type OpenAiProviderConfig,
  type OpenAiProviderOptions,
} from './llm/openai-provider.ts';
export {
  createRecordingProvider,
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
  type LlmMessage,
} from './llm/provider.ts';
export { createDraftStore, type DraftStore, type DraftRecord, type NewDraft, DRAFT_PROVIDERS } from './draft-store.ts';
export { parseCitations, checkCitations } from './citations.ts';
export { kindForRoute, decideOutcome, ROUTE_KIND, type Outcome } from './route-kinds.ts';
export { extractRequests, isInstructionLike } from './requests.ts';
export { missingElements, statedOutcome } from './structure.ts';
export { renderPrompt, PromptError } from './prompt.ts';
export { maskPii, findPii } from '../text/pii.ts';
export * from './types.ts';
