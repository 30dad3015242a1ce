/**
 * The front page's class activation map: the record scripts/front-cam.ts wrote beside its PNG
 * (src/data/front/chelsea-cam.json), checked, and the caption's words computed from it (the class and probability are
 * read, never typed). Pure: no DOM, no tfjs.
 */
import { formatPercent } from '../../lib/format';
import { DEFAULT_SAMPLES, type Sample } from '../../widgets/resnet50-classifier/samples';
import { strings, type FrontWords } from './strings';

export interface CamRecord {
  command: string;
  sample: string;
  cropSize: number;
  opacity: number;
  top: { classId: number; label: string; probability: number }[];
  cam: { classId: number; label: string; probability: number; h: number; w: number; where: string };
}

/** Checks the record; a malformed one, or one whose map is not of its top class, fails the build. */
export function parseCamRecord(json: unknown, where = 'src/data/front/chelsea-cam.json'): CamRecord {
  const r = json as Partial<CamRecord> & { format?: unknown };
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what} (rerun scripts/front-cam.ts)`);
  };
  if (r?.format !== 'front-cam/1') fail(`unknown format ${JSON.stringify(r?.format)}`);
  if (typeof r.command !== 'string' || typeof r.sample !== 'string' || !Array.isArray(r.top) || !r.top.length || !r.cam) fail('missing command, sample, top or cam');
  const probs = r.top!.map((t) => t.probability);
  if (!probs.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p <= probs[i - 1]!))) fail('top classes are not probabilities in decreasing order');
  if (r.cam!.classId !== r.top![0]!.classId) fail(`the map is of class ${r.cam!.classId}, not of the top class ${r.top![0]!.classId}`);
  return r as CamRecord;
}

/** The public sample the photo is, for its description and credit. */
export function sampleOf(record: CamRecord): Sample {
  const s = DEFAULT_SAMPLES.find((x) => x.src === record.sample);
  if (!s) throw new Error(`the CAM record's sample ${JSON.stringify(record.sample)} is not one of the classifier's samples`);
  return s;
}

/** "“Egyptian cat”, 72.8 %", and the runners-up: "then tiger cat 16.4 %, tabby 10.6 %". */
export function camSummary(record: CamRecord, runnersUp = 2, t: FrontWords = strings.en): { top: string; rest: string; where: string } {
  const [first, ...others] = record.top;
  return {
    top: t.camTop(first!.label, formatPercent(first!.probability)),
    rest: others
      .slice(0, runnersUp)
      .map((c) => t.camRunnerUp(c.label, formatPercent(c.probability)))
      .join(t.listSeparator),
    where: t.place(record.cam.where),
  };
}
