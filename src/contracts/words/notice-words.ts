import { arNotice } from './messages-ar-notice.js';
import { enNotice } from './messages-en-notice.js';
import { MESSAGES } from './messages.js';
import { wordsFrom, type Lang, type MessageKey, type WordsOf } from './translate.js';

export type NoticeKey = keyof typeof enNotice;
export type NoticeWords = WordsOf<MessageKey | NoticeKey>;

/**
 * The words of a movement notification's document: the product's catalogue and the document's own,
 * kept apart from the console's catalogue (the server alone makes the document, and the console's
 * download stays the smaller for it).
 */
export function noticeWordsOf(lang: Lang): NoticeWords {
  return wordsFrom<MessageKey | NoticeKey>(lang, {
    ...MESSAGES[lang],
    ...(lang === 'ar' ? arNotice : enNotice),
  });
}
