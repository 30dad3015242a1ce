#!/usr/bin/env bash
# Writes the odd and broken images the ResNet-50 classifier's e2e test feeds it (tests/fixtures/bad-inputs/).
# The outputs are committed; run this again only to change them. Needs ImageMagick 6 (`apt-get install -y imagemagick`)
# and coreutils; every photo comes from tests/fixtures/images (CC0, see its CREDITS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
src=tests/fixtures/images
out=tests/fixtures/bad-inputs
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
im() { convert "$@"; }

# --- Inputs that must be refused, each with its own message --------------------------------------------------------
: >"$out/empty.jpg"                                                    # 0 bytes
printf 'These are my holiday notes, not a photo.\nDay 1: the beach.\n' >"$out/notes-renamed.jpg"  # text named .jpg
im "$src/chelsea.png" -strip -quality 85 "$tmp/chelsea.jpg"
head -c 9000 "$tmp/chelsea.jpg" >"$out/truncated.jpg"                  # cut off mid-scan: no end-of-image marker
# HEIC: only the ISO-BMFF 'ftyp' box a real iPhone photo starts with (major brand heic, compatible mif1 heic) and an
# empty 'meta' box. Enough for any sniffer; no browser but Safari decodes HEIC at all.
printf '\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x0cmeta\x00\x00\x00\x00' >"$out/photo.heic"

# --- Odd inputs that must classify ---------------------------------------------------------------------------------
im "$src/chelsea.png" -strip -colorspace Gray -quality 85 "$out/grayscale.jpg"             # 1-channel JPEG
im "$src/chelsea.png" -strip -colorspace CMYK -quality 85 "$out/cmyk.jpg"                  # Adobe CMYK JPEG
im "$src/chelsea.png" -strip -resize 'x160' -depth 16 "PNG48:$out/16bit.png"              # 16 bits per channel
# Transparent PNG: the cat inside a fully transparent frame whose hidden colour is black; it must come out white.
im "$src/chelsea.png" -strip -alpha set -bordercolor 'rgba(0,0,0,0)' -border 64x64 -define png:color-type=6 "$out/transparent.png"
# Animated GIF: the cat first, then the coffee; only the first frame counts.
im -delay 50 "$src/chelsea.png" "$src/coffee.png" -resize 'x200' -loop 0 -layers Optimize "$out/animated.gif"
# EXIF orientation 6 ("rotate 90° clockwise to view"): pixels stored 256 wide × 385 tall, upright 385 × 256.
im "$src/chelsea.png" -strip -rotate -90 -quality 85 "$tmp/rot.jpg"
# The EXIF block is written by hand (no exiftool): APP1 "Exif\0\0", a big-endian TIFF header, one IFD entry
# Orientation (0x0112, SHORT, 1) = 6, inserted right after the JPEG's start-of-image marker.
{
  head -c 2 "$tmp/rot.jpg"
  printf '\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00'
  tail -c +3 "$tmp/rot.jpg"
} >"$out/exif-rotated.jpg"
# 40 megapixels of flat colour (8000 × 5000): tiny on disk, 160 MB once decoded.
im -size 8000x5000 xc:'#7a9a3c' -quality 85 "$out/huge-40mp.jpg"
im -size 1x1 xc:'#c83232' "PNG24:$out/1x1.png"                                           # one pixel
# SVG: vector, rasterized by the browser (no external references).
cat >"$out/drawing.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200" width="300" height="200">
  <rect width="300" height="200" fill="#87ceeb"/>
  <circle cx="240" cy="50" r="30" fill="#ffd700"/>
  <rect x="0" y="150" width="300" height="50" fill="#228b22"/>
  <rect x="90" y="90" width="110" height="70" fill="#b22222"/>
  <polygon points="80,90 145,40 210,90" fill="#8b4513"/>
</svg>
SVG
cp "$tmp/chelsea.jpg" "$out/chelsea-named.txt"                                             # a JPEG with a .txt name

ls -l "$out"
