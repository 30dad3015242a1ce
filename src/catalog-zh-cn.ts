/**
 * The widget catalog's prose in Simplified Chinese: each entry's summary and its props' descriptions, by the entry's
 * id (its file name in src/catalog). scripts/check-i18n.ts fails the build when an entry or a prop is missing here.
 */
export interface CatalogTranslation {
  summary: string;
  /** Prop name → description. */
  props?: Record<string, string>;
}

export const catalogZhCn: Record<string, CatalogTranslation> = {};
