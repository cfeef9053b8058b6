import { describe, expect, it } from 'vitest';
import { prepareEmotionText, withoutEmoticons } from './prepare.ts';

describe('emotion text preparation', () => {
  it('drops @mentions, retweet markers and links', () => {
    expect(prepareEmotionText('//@某网友:说得对 @张三 看看 https://t.cn/abc 好气')).toBe('说得对 看看 好气');
  });

  it('takes Weibo emoticons out of training texts but keeps other brackets and the words around them', () => {
    expect(withoutEmoticons('终于到家了[心][加油] 好开心')).toBe('终于到家了 好开心');
    expect(withoutEmoticons('【通知】见附件[1]')).toBe('【通知】见附件');
    // Longer than any emoticon name: a bracketed aside stays.
    expect(withoutEmoticons('见补充说明[以下为当事人自述的详细经过]')).toBe('见补充说明[以下为当事人自述的详细经过]');
  });
});
