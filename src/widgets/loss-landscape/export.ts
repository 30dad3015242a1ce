/**
 * The loss landscape's figure as one file: its charts (panels, colour key, curves) laid out in rows inside one SVG,
 * in the page's current colours (dark mode stays dark), saved as SVG or drawn onto a canvas and saved as PNG. An
 * exported image has no page stylesheet: CSS variables and `currentColor` are resolved here, from the widget.
 */
import { downloadBlob } from '../shared/download';

const SVG_NS = 'http://www.w3.org/2000/svg';
const GAP = 16;

/** A copy of `svg` whose attributes and inline styles name no CSS variable (each replaced by its value on `from`). */
function resolved(svg: SVGSVGElement, from: Element): SVGSVGElement {
  const style = getComputedStyle(from);
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const swap = (v: string) => v.replace(/var\((--[\w-]+)\)/g, (_, name: string) => style.getPropertyValue(name).trim() || 'currentColor');
  const originals = [svg, ...svg.querySelectorAll('*')];
  [copy, ...copy.querySelectorAll('*')].forEach((el, i) => {
    for (const a of [...el.attributes]) if (a.value.includes('var(')) el.setAttribute(a.name, swap(a.value));
    // Text is coloured and sized by the widgets' stylesheet (axis labels, legends), which the file does not have.
    if (el.localName === 'text') {
      const own = getComputedStyle(originals[i]!);
      el.setAttribute('fill', own.fill);
      el.setAttribute('font-size', own.fontSize);
    }
  });
  return copy;
}

/** The charts, one row per array, as one standalone SVG element (not attached to the page). */
export function figureSvg(rows: readonly (readonly SVGSVGElement[])[], from: HTMLElement): SVGSVGElement {
  const style = getComputedStyle(from);
  const bodyBg = getComputedStyle(document.body).backgroundColor;
  const bg = style.backgroundColor && style.backgroundColor !== 'rgba(0, 0, 0, 0)' ? style.backgroundColor : bodyBg || '#fff';
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  let y = GAP;
  let width = 0;
  const placed: SVGSVGElement[] = [];
  for (const row of rows) {
    let x = GAP;
    let height = 0;
    for (const svg of row) {
      const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 300 300').split(/\s+/).map(Number);
      const copy = resolved(svg, from);
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y));
      copy.setAttribute('width', String(w));
      copy.setAttribute('height', String(h));
      placed.push(copy);
      x += w! + GAP;
      height = Math.max(height, h!);
    }
    width = Math.max(width, x);
    y += height + GAP;
  }
  out.setAttribute('viewBox', `0 0 ${width} ${y}`);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(y));
  out.setAttribute('color', style.color);
  out.setAttribute('font-family', 'system-ui, sans-serif');
  out.setAttribute('font-size', '12');
  const back = document.createElementNS(SVG_NS, 'rect');
  Object.entries({ width: '100%', height: '100%', fill: bg }).forEach(([k, v]) => back.setAttribute(k, v));
  out.append(back, ...placed);
  return out;
}

export function downloadSvg(svg: SVGSVGElement, filename: string): void {
  downloadBlob(new XMLSerializer().serializeToString(svg), filename, 'image/svg+xml');
}

/** Draws the SVG at twice its size onto a canvas and saves it as PNG. */
export async function downloadPng(svg: SVGSVGElement, filename: string): Promise<void> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const scale = 2;
  const canvas = Object.assign(document.createElement('canvas'), { width: width * scale, height: height * scale });
  const ctx = canvas.getContext('2d')!;
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    ctx.drawImage(img, 0, 0, width * scale, height * scale);
  } finally {
    URL.revokeObjectURL(url);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) downloadBlob(blob, filename, 'image/png');
}
