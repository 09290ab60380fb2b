import type { ThemeTokens, WidgetOptions } from '../options.ts';
import { contrastRatio, readableTextOn } from './contrast.ts';
import { DARK_TOKENS } from './styles.ts';

/** The options the theme sheet reads: colour scheme, offsets and the merchant's tokens. */
export type ThemeOptions = Pick<WidgetOptions, 'colorScheme' | 'offsetX' | 'offsetY' | 'theme'>;

const TOKEN_PROPERTIES: Record<keyof ThemeTokens, string> = {
  primaryColor: '--tandem-primary',
  onPrimaryColor: '--tandem-on-primary',
  backgroundColor: '--tandem-surface',
  textColor: '--tandem-text',
  mutedTextColor: '--tandem-muted',
  radius: '--tandem-radius',
  fontFamily: '--tandem-font',
  zIndex: '--tandem-z-index',
};

/** WCAG AA for normal text, and for the focus ring against the panel (a non-text contrast). */
const TEXT_CONTRAST = 4.5;
const FOCUS_CONTRAST = 3;

/**
 * The merchant's theme as a second stylesheet of `:host` custom properties. A value that could end the
 * declaration and start a rule of its own (`red; } * {`) is dropped: theme options never become CSS syntax.
 *
 * Readable by default: with a brand colour and no text colour for it, the text on it is white or dark, whichever
 * contrasts more; an explicit pair below 4.5:1 is kept (it is the merchant's choice) and reported through `warn`.
 * The focus ring takes the brand colour where it stands out from the panel (3:1), the text colour otherwise.
 */
export function themeCss(options: ThemeOptions, warn?: (message: string) => void): string {
  const declarations: string[] = [];
  const add = (property: string, value: string | number | undefined, unit = '') => {
    if (value === undefined) return;
    const text = typeof value === 'number' ? `${value}${unit}` : value.trim();
    if (text && !/[;{}<>\\]|\/\*/.test(text)) declarations.push(`${property}:${text}`);
  };
  const theme = options.theme ?? {};
  for (const [key, property] of Object.entries(TOKEN_PROPERTIES) as [keyof ThemeTokens, string][]) {
    add(property, theme[key], key === 'radius' ? 'px' : '');
  }
  const primary = theme.primaryColor;
  if (primary) {
    if (!theme.onPrimaryColor) add('--tandem-on-primary', readableTextOn(primary));
    else {
      const ratio = contrastRatio(primary, theme.onPrimaryColor);
      if (ratio !== undefined && ratio < TEXT_CONTRAST) {
        warn?.(
          `theme: text colour ${theme.onPrimaryColor} on primary colour ${primary} has a contrast of ${ratio.toFixed(2)}:1, ` +
            `below the ${TEXT_CONTRAST}:1 WCAG AA asks for; leave onPrimaryColor out and the widget picks ${readableTextOn(primary)}.`,
        );
      }
    }
    const surface = theme.backgroundColor ?? '#fff';
    const focus = (contrastRatio(primary, surface) ?? 0) >= FOCUS_CONTRAST ? primary : 'var(--tandem-text)';
    add('--tandem-focus', focus);
  }
  add('--tandem-offset-x', options.offsetX, 'px');
  add('--tandem-offset-y', options.offsetY, 'px');

  const scheme = options.colorScheme ?? 'light';
  const dark =
    scheme === 'dark'
      ? `:host{${DARK_TOKENS}}`
      : scheme === 'auto'
        ? `@media (prefers-color-scheme: dark){:host{${DARK_TOKENS}}}`
        : '';
  // Merchant tokens come last so they win in both schemes.
  return `${dark}\n:host{${declarations.join(';')}}`;
}

/** A constructable stylesheet (adopted by the shadow root: no inline style, so a strict CSP allows it). */
export function createSheet(css: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return sheet;
}
