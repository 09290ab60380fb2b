/**
 * WCAG contrast for the merchant's colours. Any CSS colour the browser accepts (named, hsl, oklch…) is turned into
 * sRGB by painting one pixel, so the widget needs no colour parser of its own; `#rgb`/`#rrggbb` are read directly,
 * which is also what runs where there is no canvas.
 */
export type Rgb = [number, number, number];

/** Dark text for light brand colours: the default theme's text colour. */
export const DARK_TEXT = '#111827';
export const LIGHT_TEXT = '#ffffff';

export function toRgb(color: string): Rgb | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
    return [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16)) as Rgb;
  }
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const context = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [red = 0, green = 0, blue = 0] = context.getImageData(0, 0, 1, 1).data;
  return [red, green, blue];
}

function luminance([red, green, blue]: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** The WCAG contrast ratio of two colours (1 to 21), or undefined when one cannot be read. */
export function contrastRatio(first: string, second: string): number | undefined {
  const a = toRgb(first);
  const b = toRgb(second);
  if (!a || !b) return undefined;
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White or dark text, whichever reads better on the background. */
export function readableTextOn(background: string): string {
  return (contrastRatio(background, LIGHT_TEXT) ?? 21) >= (contrastRatio(background, DARK_TEXT) ?? 0)
    ? LIGHT_TEXT
    : DARK_TEXT;
}
