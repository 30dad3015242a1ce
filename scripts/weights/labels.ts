/** ImageNet class names from the package's assets/labels.json, made readable and unambiguous. */
import { fail } from './common';

/**
 * Class names a reader can tell apart: underscores become spaces, and the names ImageNet uses twice (or that differ
 * only in case) get their WordNet sense. Indices follow the standard ILSVRC-2012 class order (sorted synset ids).
 */
const DISAMBIGUATE: Record<number, [from: string, to: string]> = {
  134: ['crane', 'crane (bird)'], // n02012849
  517: ['crane', 'crane (machine)'], // n03126707
  264: ['Cardigan', 'Cardigan Welsh corgi'], // n02113186; 474 is the sweater, "cardigan"
  638: ['maillot', 'maillot'], // n03710637, the one-piece swimsuit
  639: ['maillot', 'maillot (tank suit)'], // n03710721, "maillot, tank suit"
};

export function readableLabels(source: unknown): string[] {
  if (typeof source !== 'object' || source === null) fail('assets/labels.json is not an object');
  const obj = source as Record<string, unknown>;
  const labels = Array.from({ length: 1000 }, (_, i) => {
    const raw = obj[String(i)];
    if (typeof raw !== 'string') fail(`assets/labels.json has no label for class ${i}`);
    const fix = DISAMBIGUATE[i];
    if (fix && raw !== fix[0]) fail(`class ${i} is "${raw}" in assets/labels.json, expected "${fix[0]}": is it the standard class order?`);
    return fix ? fix[1] : raw.replace(/_/g, ' ');
  });
  if (Object.keys(obj).length !== 1000) fail(`assets/labels.json has ${Object.keys(obj).length} entries, expected 1000`);
  const lower = labels.map((l) => l.toLowerCase());
  const dup = lower.find((l, i) => lower.indexOf(l) !== i);
  if (dup !== undefined) fail(`two classes are both called "${dup}"`);
  return labels;
}
