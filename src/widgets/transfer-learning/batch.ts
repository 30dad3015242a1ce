/**
 * What the reader is told after adding a batch of files: how many were added, and each file that was not, with the
 * classifier's own message for it. Pure, unit-tested.
 */

export interface BatchOutcome {
  className: string;
  added: number;
  /** Files whose bytes were already in this class. */
  duplicates: number;
  rejected: { name: string; message: string }[];
}

/** Lines for the alert (empty when nothing was rejected); at most `limit` files listed, then a count of the rest. */
export function rejectedLines(o: BatchOutcome, limit = 20): string[] {
  if (o.rejected.length === 0) return [];
  const n = o.rejected.length;
  const head = `${n} file${n === 1 ? ' was' : 's were'} not added to “${o.className}”${o.added ? ` (the other ${o.added} were)` : ''}:`;
  const listed = o.rejected.slice(0, limit).map((r) => `${r.name}: ${r.message}`);
  const more = n > limit ? [`…and ${n - limit} more.`] : [];
  return [head, ...listed, ...more];
}

/** The status line: "Added 12 images to “Cats”; 1 was already there." */
export function addedNote(o: BatchOutcome): string {
  const parts = [`Added ${o.added} image${o.added === 1 ? '' : 's'} to “${o.className}”`];
  if (o.duplicates) parts.push(`${o.duplicates} ${o.duplicates === 1 ? 'was' : 'were'} already there`);
  return `${parts.join('; ')}.`;
}
