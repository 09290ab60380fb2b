import type { ThemeTokens, WidgetOptions } from '../options.ts';
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

/**
 * The merchant's theme as a second stylesheet of `:host` custom properties. A value that could end the
 * declaration and start a rule of its own (`red; } * {`) is dropped: theme options never become CSS syntax.
 */
export function themeCss(options: ThemeOptions): string {
  const declarations: string[] = [];
  const add = (property: string, value: string | number | undefined, unit = '') => {
    if (value === undefined) return;
    const text = typeof value === 'number' ? `${value}${unit}` : value.trim();
    if (text && !/[;{}<>\\]|\/\*/.test(text)) declarations.push(`${property}:${text}`);
  };
  for (const [key, property] of Object.entries(TOKEN_PROPERTIES) as [keyof ThemeTokens, string][]) {
    add(property, options.theme?.[key], key === 'radius' ? 'px' : '');
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

/** Both sheets for a shadow root (mount.ts adopts them): the widget's own, then the merchant's tokens. */
export function createThemeSheets(baseCss: string, options: ThemeOptions): CSSStyleSheet[] {
  return [baseCss, themeCss(options)].map((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  });
}
