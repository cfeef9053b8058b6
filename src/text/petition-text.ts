import { z } from 'zod';
import { hasVisibleText } from './normalise.ts';

/** Longest petition text accepted: a long letter, not a document dump. */
export const MAX_PETITION_CHARS = 20_000;

/**
 * A petition's text as every entry point accepts it. A text of zero-width spaces trims to something
 * non-empty yet says nothing, so visibility is checked, not only length.
 */
export const PetitionTextSchema = z
  .string()
  .trim()
  .max(MAX_PETITION_CHARS, '信访内容最多 20000 字')
  // Empty, whitespace and invisible-only texts are one problem, so they get one message.
  .refine(hasVisibleText, '信访内容不能为空：没有可见的文字');
