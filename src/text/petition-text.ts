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
  .max(MAX_PETITION_CHARS, 'text must be at most 20,000 characters')
  // Empty, whitespace and invisible-only texts are one problem, so they get one message.
  .refine(hasVisibleText, 'text must not be empty: it has no visible characters');
