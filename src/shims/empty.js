// tfjs-core imports node-fetch for Node only; in the browser (and under `astro dev`) it must resolve to nothing.
export default {};
