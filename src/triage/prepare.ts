import { readFileSync } from 'node:fs';

/**
 * Text preparation shared by training (training/train.ts) and inference, so both see the same input.
 * Both take text that has already been through src/text/normalise.ts.
 */

/** Weibo-style noise carries no emotion: user names in @mentions and retweet markers, and links. */
export function prepareEmotionText(normalised: string): string {
  return normalised
    .replace(/\/\/@[^:：]{1,30}[:：]/g, ' ')
    .replace(/@[^\s:：,，]{1,30}/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Weibo emoticons such as [泪] or [加油] (text in square brackets, up to ten characters), taken out of the emotion
 * model's labelled training texts only. The training posts lean on them and petitions almost never carry them, so
 * the model must learn the words around them. At run time an emoticon still counts through the lexicon ([泪] holds 泪).
 */
export function withoutEmoticons(text: string): string {
  return text
    .replace(/\[[^[\]]{1,10}\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The title says most about where a petition belongs, so it is repeated to weigh more than the body. */
export function prepareCategoryText(normalisedText: string, normalisedTitle = ''): string {
  const clean = (s: string) =>
    s
      .replace(/_x000D_/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const title = clean(normalisedTitle);
  return title ? `${title} ${title} ${clean(normalisedText)}` : clean(normalisedText);
}

function readLexicon(file: string): Record<string, string[]> {
  const raw = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Record<string, string[]>;
}

/** The hand-written emotion lexicon (labels plus `intensity` cues); training copies it into the model file. */
export function readEmotionLexicon(): Record<string, string[]> {
  return readLexicon('./emotion-lexicon.json');
}

/** The hand-written category keyword lexicon; training copies it into the model file. */
export function readCategoryLexicon(): Record<string, string[]> {
  return readLexicon('./category-lexicon.json');
}

/** Structural cues that transfer across domains: questions, exclamations, ellipses, emoticons, laughter. */
export const STRUCTURE_CUES: Record<string, string[]> = {
  q: ['?', '吗', '呢', '难道', '怎么'],
  excl: ['!'],
  dots: ['…', '...', '。。'],
  emo: ['['],
  tag: ['#', '【'],
  digit: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  haha: ['哈', '嘻', '呵'],
  wave: ['~', '～'],
};

/** Characters that, just before a lexicon term, flip it (不开心 is not happy). */
export const NEGATORS = ['不', '没', '别', '未', '无', '非'];
