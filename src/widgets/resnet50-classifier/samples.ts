/**
 * The sample photos offered as one-click buttons: public-domain or CC0 pictures from scikit-image's sample data
 * (Debian's python3-skimage 0.19.3), resized to a short side of 256 px. Details: public/samples/CREDITS.md.
 */

export interface Sample {
  /** File path under `public/`, without the base path, e.g. `samples/chelsea.jpg`. */
  src: string;
  /** A word or two on the button. */
  title: string;
  /** What the photo shows (the button's accessible name is "<title>: classify the sample photo, <alt>"). */
  alt: string;
  width: number;
  height: number;
  /** Who made it and under which terms; shown under the widget. */
  credit: { author: string; licence: string; source?: string };
}

export const DEFAULT_SAMPLES: readonly Sample[] = [
  {
    src: 'samples/chelsea.jpg',
    title: 'Cat',
    alt: 'Chelsea the cat, a tabby, looking to the side',
    width: 385,
    height: 256,
    credit: { author: 'Stefan van der Walt', licence: 'CC0', source: 'https://scikit-image.org/docs/stable/api/skimage.data.html#skimage.data.chelsea' },
  },
  {
    src: 'samples/coffee.jpg',
    title: 'Coffee',
    alt: 'A cup of coffee on a saucer, seen from above, on a wooden table',
    width: 384,
    height: 256,
    credit: { author: 'Rachel Michetti (courtesy of Pikolo Espresso Bar)', licence: 'CC0', source: 'https://scikit-image.org/docs/stable/api/skimage.data.html#skimage.data.coffee' },
  },
  {
    src: 'samples/rocket.jpg',
    title: 'Rocket',
    alt: 'A Falcon 9 rocket lifting off from its launch pad',
    width: 384,
    height: 256,
    credit: { author: 'SpaceX', licence: 'public domain', source: 'https://www.flickr.com/photos/spacexphotos/16511594820/' },
  },
  {
    src: 'samples/camera.jpg',
    title: 'Cameraman',
    alt: 'Black-and-white photo of a man behind a camera on a tripod',
    width: 256,
    height: 256,
    credit: { author: 'Lav Varshney', licence: 'CC0', source: 'https://scikit-image.org/docs/stable/api/skimage.data.html#skimage.data.camera' },
  },
];
