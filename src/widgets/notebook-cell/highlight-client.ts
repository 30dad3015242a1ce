/**
 * The browser's highlighter, loaded on the first edit only: shiki's core, the JavaScript grammar, our two themes
 * and the JavaScript regex engine (no Oniguruma wasm). Shared by every cell of the page.
 */
import { HIGHLIGHT_OPTIONS, layerText } from './highlight';

export type Highlight = (code: string) => string;

let loading: Promise<Highlight> | null = null;

export function loadHighlighter(): Promise<Highlight> {
  loading ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, js, light, dark] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
      import('shiki/langs/javascript.mjs'),
      import('shiki/themes/github-light-default.mjs'),
      import('shiki/themes/github-dark-default.mjs'),
    ]);
    const highlighter = await createHighlighterCore({
      themes: [light.default, dark.default],
      langs: [js.default],
      engine: createJavaScriptRegexEngine(),
    });
    return (code: string) => highlighter.codeToHtml(layerText(code), HIGHLIGHT_OPTIONS);
  })();
  loading.catch(() => {
    loading = null; // a failed download may succeed on the next edit
  });
  return loading;
}
