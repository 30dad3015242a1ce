/**
 * Saving something a widget made (a CSV, a PNG) as a file, the one way every widget does it: an object URL, a click
 * on a detached <a download>, and the URL revoked once the click has started the download.
 */

/** The type of every CSV the site offers (UTF-8, so "×" and "−" in layer descriptions survive). */
export const CSV_TYPE = 'text/csv;charset=utf-8';

/** The file's content as a Blob: text gets `type`; a Blob keeps its own type unless it has none. */
export function fileBlob(data: Blob | string, type: string = CSV_TYPE): Blob {
  if (typeof data === 'string') return new Blob([data], { type });
  return data.type ? data : new Blob([data], { type });
}

/** Starts a download of `data` named `filename` (text defaults to CSV). Browser only. */
export function downloadBlob(data: Blob | string, filename: string, type: string = CSV_TYPE): void {
  const url = URL.createObjectURL(fileBlob(data, type));
  Object.assign(document.createElement('a'), { href: url, download: filename }).click();
  // The click starts the download synchronously; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
