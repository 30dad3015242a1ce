/**
 * What the reader is told after adding a batch of files: how many were added, and each file that was not, with the
 * classifier's own message for it. Pure, unit-tested.
 */
import { strings, type TransferWords } from './strings';

export interface BatchOutcome {
  className: string;
  added: number;
  /** Files whose bytes were already in this class. */
  duplicates: number;
  rejected: { name: string; message: string }[];
}

/** Lines for the alert (empty when nothing was rejected); at most `limit` files listed, then a count of the rest. */
export function rejectedLines(o: BatchOutcome, limit = 20, t: TransferWords = strings.en): string[] {
  if (o.rejected.length === 0) return [];
  const n = o.rejected.length;
  const head = t.notAdded(n, o.className, o.added);
  const listed = o.rejected.slice(0, limit).map((r) => t.rejectedFile(r.name, r.message));
  const more = n > limit ? [t.andMore(n - limit)] : [];
  return [head, ...listed, ...more];
}

/** The status line: "Added 12 images to “Cats”; 1 was already there." */
export function addedNote(o: BatchOutcome, t: TransferWords = strings.en): string {
  const parts = [t.added(o.added, o.className)];
  if (o.duplicates) parts.push(t.alreadyThere(o.duplicates));
  return t.noteParts(parts);
}
