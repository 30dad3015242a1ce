// Module resolution hooks (node:module `register`) for the benchmark's "before" runs: every import of
// src/model/runtime/grouped-conv.ts, except the one inside grouped-conv-before.ts itself, gets grouped-conv-before.ts.
// Registered by grouped-conv-before-register.mjs after tsx (`node --import tsx --import <it>`), so tsx resolves first.
const TARGET = '/src/model/runtime/grouped-conv.ts';
const REPLACEMENT = new URL('./grouped-conv-before.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.split('?')[0].endsWith(TARGET) && context.parentURL?.split('?')[0] !== REPLACEMENT) return { ...resolved, url: REPLACEMENT };
  return resolved;
}
