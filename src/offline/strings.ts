/** The "new version" banner's words (update-banner.ts), per language. */
import { defineMessages } from '../i18n/messages';

export const strings = defineMessages(
  { text: 'A new version of this site is available.', reload: 'Reload', dismiss: 'Later' },
  { text: '本站有新版本可用。', reload: '重新加载', dismiss: '稍后' },
);
