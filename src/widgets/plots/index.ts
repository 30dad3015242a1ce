/**
 * The plot kit: pure geometry (layout), marks that draw it as SVG (marks), the palette, the data-table alternative
 * and the CSV writer. Every chart on the site is built from these; see each module for its part.
 */
export * from './layout';
export * from './marks';
export * from './palette';
export * from './table';
export * from './csv';
export * from './share-bar';
