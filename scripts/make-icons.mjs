// Renders every tray and application icon from assets/icons/source.svg (run `npm run icons`, commit the outputs).
// Chromium rasterizes the SVG (playwright-core; set CHROMIUM_PATH if it is not /usr/bin/chromium); this script packs
// the pixels into PNG, ICO and ICNS itself, so no image library is needed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = readFileSync(`${root}assets/icons/source.svg`, 'utf8');

export const TRAY_STATES = ['ok', 'warning', 'critical', 'unreachable', 'unknown', 'paused'];
/** Neutral states also get macOS template images (black + alpha), which follow the menu bar's appearance. */
export const TEMPLATE_STATES = ['paused', 'unknown'];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 256];
/** ICNS element types holding PNG data, by pixel size. */
const ICNS_TYPES = [['icp4', 16], ['ic11', 32], ['icp5', 32], ['ic12', 64], ['icp6', 64], ['ic07', 128], ['ic13', 256], ['ic08', 256], ['ic14', 512], ['ic09', 512], ['ic10', 1024]];

function svgFor(id, size) {
  const defs = source.slice(source.indexOf('<defs>'), source.indexOf('</defs>') + '</defs>'.length);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 32 32" width="${size}" height="${size}">${defs}<use href="#${id}"/></svg>`;
}

async function rasterize(page, id, size) {
  const rgba = await page.evaluate(
    async ({ svg, size }) => {
      const image = new Image(size, size);
      image.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0, size, size);
      return Array.from(context.getImageData(0, 0, size, size).data);
    },
    { svg: svgFor(id, size), size },
  );
  return { size, rgba: Uint8Array.from(rgba) };
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng({ size, rgba }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Black with the original alpha, exactly what macOS expects of a template image. */
const template = ({ size, rgba }) => ({ size, rgba: rgba.map((value, index) => (index % 4 === 3 ? value : 0)) });

/** An ICO whose images are PNG (Windows Vista and later). */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

export function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  const write = (path, data) => {
    mkdirSync(`${root}${path.slice(0, path.lastIndexOf('/'))}`, { recursive: true });
    writeFileSync(`${root}${path}`, data);
    console.log(path);
  };

  for (const state of TRAY_STATES) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
      write(`assets/tray/tray-${state}${suffix}.png`, encodePng(await rasterize(page, state, size)));
      if (TEMPLATE_STATES.includes(state)) {
        write(`assets/tray/tray-${state}Template${suffix}.png`, encodePng(template(await rasterize(page, `${state}Template`, size))));
      }
    }
  }

  const app = new Map();
  for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])) {
    app.set(size, encodePng(await rasterize(page, 'app', size)));
  }
  for (const size of LINUX_SIZES) write(`assets/build/icons/${size}x${size}.png`, app.get(size));
  write('assets/build/icon.png', app.get(512));
  write('assets/build/icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: app.get(size) }))));
  write('assets/build/icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: app.get(size) }))));
  await browser.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
