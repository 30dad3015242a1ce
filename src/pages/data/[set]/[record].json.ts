/**
 * The committed landscape and lesion records, served as they are in the repository (src/data/landscapes/*.json and
 * src/data/lesions/*.json → /data/landscapes/<name>.json, /data/lesions/<name>.json), so that a lesson's cell can
 * compare what it computes with the committed result instead of with a number typed into the lesson.
 */
import type { APIRoute, GetStaticPaths } from 'astro';

const files = {
  landscapes: import.meta.glob<unknown>('../../../data/landscapes/*.json', { eager: true, import: 'default' }),
  lesions: import.meta.glob<unknown>('../../../data/lesions/*.json', { eager: true, import: 'default' }),
};

export const getStaticPaths = (() =>
  Object.entries(files).flatMap(([set, records]) =>
    Object.entries(records).map(([path, json]) => ({ params: { set, record: path.replace(/^.*\//, '').replace(/\.json$/, '') }, props: { json } })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(JSON.stringify(props.json), { headers: { 'Content-Type': 'application/json' } });
