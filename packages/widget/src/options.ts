import type { Identity } from '@tandem/protocol';
import { isLanguageTag } from './core/language-tag.ts';
import type { Register } from './i18n/en.ts';
import type { Strings } from './i18n/index.ts';

/** Theme tokens a merchant may set; the UI turns each into a CSS custom property on the shadow host. */
export interface ThemeTokens {
  /** Launcher, send button, visitor bubbles. Any CSS colour. */
  primaryColor?: string;
  /** Text on primary-coloured surfaces (launcher, header, visitor bubbles). */
  onPrimaryColor?: string;
  /** Body text. */
  textColor?: string;
  /** Timestamps, hints. */
  mutedTextColor?: string;
  /** Panel background. */
  backgroundColor?: string;
  /** Corner radius: a number of pixels or a CSS length ("12px", "0.75rem"). */
  radius?: number | string;
  /** A CSS font-family list. */
  fontFamily?: string;
  /** Stacking order of the launcher and panel. */
  zIndex?: number;
}

/** What `mount(options)` and `Tandem('boot', options)` accept. Only `relayUrl` is required. */
export interface WidgetOptions {
  /** Where the relay is served, e.g. "https://chat.example.com". */
  relayUrl: string;
  siteId?: string;
  /** Which bottom corner. Default "right". */
  position?: 'left' | 'right';
  /** Pixels from the side edge. Default 20. */
  offsetX?: number;
  /** Pixels from the bottom edge. Default 20. */
  offsetY?: number;
  /** Text on the launcher button; without it the launcher shows an icon. */
  launcherText?: string;
  /** URL of an image for the launcher (https, or a data:image URL). */
  launcherIcon?: string;
  /** Panel heading. */
  title?: string;
  /** Shown above the first message. */
  greeting?: string;
  /** Composer placeholder. */
  placeholder?: string;
  /** BCP 47 tag. Default: the page's `<html lang>`, then the browser's language, then "en". */
  locale?: string;
  /** Default "auto": follows the visitor's system setting. */
  colorScheme?: 'light' | 'dark' | 'auto';
  theme?: ThemeTokens;
  /** Open the panel as soon as the widget loads. Default false. */
  openOnLoad?: boolean;
  /** Start with the launcher hidden (open the chat from your own button with `Tandem('open')`). Default false. */
  hideLauncher?: boolean;
  /** The signed-in customer, if any (see identify in docs/widget.md). */
  identity?: Identity;
  /**
   * Any visible string, per locale: `{ en: { title: 'Help' }, de: { title: 'Hilfe' } }`. A full tag (`pt-BR`) wins
   * over its language (`pt`), `*` applies to every locale; a language without a catalog becomes usable with them.
   */
  strings?: Record<string, Strings>;
  /** Formal or informal address where the language has both (de, fr, es, pt, sv): one for all, or `{ de: 'formal' }`. */
  register?: Register | Record<string, Register>;
  /** The assistant's name, shown above its answers and while it writes. Default: localised "AI assistant". */
  assistantName?: string;
  /** An image (https or data:image URL) beside the assistant's answers. */
  assistantAvatar?: string;
  /** Up to five pictures of your team, shown in the header. */
  teamAvatars?: string[];
  /** The reply-time promise under the title: "We usually reply within minutes / a few hours / a day". */
  replyTime?: 'minutes' | 'hours' | 'day';
  /** Your opening hours in your words, shown while nobody is available ("Mon–Fri 9:00–17:00 CET"). */
  openingHours?: string;
}

/**
 * Theme tokens as checked CSS values, safe to put in a custom property. Only tokens the merchant set
 * (and that passed validation) are present; a missing one means the stylesheet's default.
 */
export interface ResolvedTheme {
  primaryColor?: string;
  onPrimaryColor?: string;
  textColor?: string;
  mutedTextColor?: string;
  backgroundColor?: string;
  /** Always a CSS length, e.g. "12px". */
  radius?: string;
  fontFamily?: string;
  zIndex?: number;
}

/**
 * The options after validation, with defaults filled in: what the UI (C2) renders from.
 * Every value here is already checked; nothing needs validating again.
 */
export interface ResolvedWidgetOptions {
  relayUrl: string;
  siteId: string | undefined;
  position: 'left' | 'right';
  offsetX: number;
  offsetY: number;
  launcherText: string | undefined;
  launcherIcon: string | undefined;
  title: string | undefined;
  greeting: string | undefined;
  placeholder: string | undefined;
  /** Resolved already: option, then page lang, then navigator.language, then "en". The UI maps it to a catalog. */
  locale: string;
  colorScheme: 'light' | 'dark' | 'auto';
  theme: ResolvedTheme;
  openOnLoad: boolean;
  hideLauncher: boolean;
  identity: Identity | undefined;
  strings: Record<string, Strings> | undefined;
  register: Register | Record<string, Register> | undefined;
  assistantName: string | undefined;
  assistantAvatar: string | undefined;
  teamAvatars: string[] | undefined;
  replyTime: 'minutes' | 'hours' | 'day' | undefined;
  openingHours: string | undefined;
}

export const DEFAULT_OFFSET_PX = 20;

type Check<T> = (value: unknown) => T | undefined;

/** Each check returns the cleaned value, or undefined when the value is bad. */
const text =
  (maximum: number): Check<string> =>
  (value) =>
    typeof value === 'string' && value.trim() !== '' && value.length <= maximum ? value : undefined;
const oneOf =
  <T extends string>(...allowed: T[]): Check<T> =>
  (value) =>
    allowed.includes(value as T) ? (value as T) : undefined;
const pixels: Check<number> = (value) => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 && number <= 2000 ? number : undefined;
};
const flag: Check<boolean> = (value) =>
  typeof value === 'boolean' ? value : value === 'true' || value === '' ? true : value === 'false' ? false : undefined;
const httpUrl: Check<string> = (value) => {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
};
const imageUrl: Check<string> = (value) =>
  typeof value === 'string' && (/^data:image\/[a-z+.-]+[;,]/i.test(value) || httpUrl(value)) ? value : undefined;
const locale: Check<string> = (value) => (isLanguageTag(value) ? value : undefined);
/** A colour the browser itself accepts; the character filter also keeps out anything that could end a declaration. */
const color: Check<string> = (value) => {
  if (typeof value !== 'string' || value.length > 100 || /[;{}<>\\]/.test(value)) return undefined;
  if (typeof CSS !== 'undefined' && typeof CSS.supports === 'function') {
    return CSS.supports('color', value) ? value : undefined;
  }
  return /^(#[0-9a-f]{3,8}|[a-z]+|(rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([\d\s.,%/+-]+\))$/i.test(value)
    ? value
    : undefined;
};
const length: Check<string> = (value) => {
  // data-radius="4" arrives as the string "4": a bare number means pixels there too.
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return length(Number(value));
  if (typeof value === 'number') return value >= 0 && value <= 100 ? `${value}px` : undefined;
  return typeof value === 'string' && /^\d+(\.\d+)?(px|rem|em|%)$/.test(value) ? value : undefined;
};
const fontFamily: Check<string> = (value) =>
  typeof value === 'string' && value.length <= 300 && /^[\w\s"',.-]+$/.test(value) ? value : undefined;
const zIndex: Check<number> = (value) => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && Math.abs(number) <= 2147483647 ? number : undefined;
};
const identity: Check<Identity> = (value) => {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Identity;
  return text(200)(candidate.userId) ? candidate : undefined;
};

/** `data-*` attributes hold JSON for the object options (`data-strings='{"de":{"title":"Hilfe"}}'`). */
const parsed = (value: unknown): unknown => {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const register = oneOf<Register>('formal', 'informal');
const registers: Check<Register | Record<string, Register>> = (input) => {
  const value = parsed(input);
  if (typeof value === 'string') return register(value);
  return isRecord(value) && Object.entries(value).every(([tag, choice]) => isLanguageTag(tag) && register(choice))
    ? (value as Record<string, Register>)
    : undefined;
};
/**
 * Every locale a language tag (or `*`), every key a name (the widget's string keys are listed in docs/widget.md;
 * checking them here would put every English string into tandem.js), every value short text.
 */
const strings: Check<Record<string, Strings>> = (input) => {
  const value = parsed(input);
  return isRecord(value) &&
    Object.entries(value).every(
      ([tag, words]) =>
        (tag === '*' || isLanguageTag(tag)) &&
        isRecord(words) &&
        Object.entries(words).every(
          ([key, text]) => /^[a-zA-Z]\w{0,40}$/.test(key) && typeof text === 'string' && text.length <= 1000,
        ),
    )
    ? (value as Record<string, Strings>)
    : undefined;
};
const imageUrls: Check<string[]> = (input) => {
  // Comma-separated in an attribute; a comma inside a data: URL is not a separator.
  const value =
    typeof input === 'string' && !/^\s*\[/.test(input) ? input.split(/\s*,\s*(?=https?:|data:)/) : parsed(input);
  return Array.isArray(value) && value.length <= 5 && value.every((url) => imageUrl(url)) ? value : undefined;
};

/** The rule for each option, and the words used when it is broken. */
const rules = {
  siteId: [text(100), 'a site id of at most 100 characters'],
  position: [oneOf('left', 'right'), '"left" or "right"'],
  offsetX: [pixels, 'a number of pixels between 0 and 2000'],
  offsetY: [pixels, 'a number of pixels between 0 and 2000'],
  launcherText: [text(60), 'text of at most 60 characters'],
  launcherIcon: [imageUrl, 'an http(s) or data:image URL'],
  title: [text(100), 'text of at most 100 characters'],
  greeting: [text(1000), 'text of at most 1000 characters'],
  placeholder: [text(100), 'text of at most 100 characters'],
  locale: [locale, 'a language tag such as "en" or "pt-BR"'],
  colorScheme: [oneOf('light', 'dark', 'auto'), '"light", "dark" or "auto"'],
  openOnLoad: [flag, 'true or false'],
  hideLauncher: [flag, 'true or false'],
  identity: [identity, 'an object with a userId'],
  strings: [strings, "an object of locales, each an object of the widget's strings (see docs/widget.md)"],
  register: [registers, '"formal", "informal" or { language: "formal" | "informal" }'],
  assistantName: [text(60), 'text of at most 60 characters'],
  assistantAvatar: [imageUrl, 'an http(s) or data:image URL'],
  teamAvatars: [imageUrls, 'at most five http(s) or data:image URLs'],
  replyTime: [oneOf('minutes', 'hours', 'day'), '"minutes", "hours" or "day"'],
  openingHours: [text(200), 'text of at most 200 characters'],
} as const;

const themeRules = {
  primaryColor: [color, 'a CSS colour'],
  onPrimaryColor: [color, 'a CSS colour'],
  textColor: [color, 'a CSS colour'],
  mutedTextColor: [color, 'a CSS colour'],
  backgroundColor: [color, 'a CSS colour'],
  radius: [length, 'pixels (0–100) or a CSS length such as "12px"'],
  fontFamily: [fontFamily, 'a CSS font-family list'],
  zIndex: [zIndex, 'an integer'],
} as const;

const defaults = {
  position: 'right',
  offsetX: DEFAULT_OFFSET_PX,
  offsetY: DEFAULT_OFFSET_PX,
  colorScheme: 'auto',
  openOnLoad: false,
  hideLauncher: false,
} as const;

/**
 * Validates options without throwing: each bad option logs one console error naming it and falls back
 * to its default. Returns undefined only when `relayUrl` is missing or bad, since nothing can work without it.
 * Hand-written checks instead of zod: zod would add more to every visitor's download than the whole core.
 */
export function resolveOptions(
  input: unknown,
  report: (message: string) => void = logError,
): ResolvedWidgetOptions | undefined {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const relayUrl = httpUrl(raw.relayUrl);
  if (!relayUrl) {
    report(
      raw.relayUrl === undefined
        ? 'option "relayUrl" (data-relay-url) is missing, so the chat is not shown.'
        : `option "relayUrl" must be an http(s) URL such as "https://chat.example.com", not ${show(raw.relayUrl)}; the chat is not shown.`,
    );
    return undefined;
  }
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'relayUrl' || name === 'theme' || value === undefined) continue;
    const rule = rules[name as keyof typeof rules];
    if (!rule) {
      report(`option "${name}" is not a Tandem option and was ignored.`);
      continue;
    }
    values[name] = checked(name, value, rule, report);
  }
  const theme: Record<string, unknown> = {};
  const rawTheme = raw.theme;
  if (rawTheme !== undefined && (typeof rawTheme !== 'object' || rawTheme === null)) {
    report('option "theme" must be an object of theme tokens; using the default theme.');
  }
  for (const name of Object.keys(themeRules) as (keyof typeof themeRules)[]) {
    const value = (rawTheme as Record<string, unknown> | undefined)?.[name];
    const result = value === undefined ? undefined : checked(`theme.${name}`, value, themeRules[name], report);
    if (result !== undefined) theme[name] = result;
  }
  for (const name of Object.keys((rawTheme ?? {}) as object)) {
    if (!(name in themeRules)) report(`option "theme.${name}" is not a theme token and was ignored.`);
  }
  const pick = <K extends keyof typeof rules>(name: K) => values[name] as ReturnType<(typeof rules)[K][0]>;
  return {
    relayUrl,
    siteId: pick('siteId'),
    position: pick('position') ?? defaults.position,
    offsetX: pick('offsetX') ?? defaults.offsetX,
    offsetY: pick('offsetY') ?? defaults.offsetY,
    launcherText: pick('launcherText'),
    launcherIcon: pick('launcherIcon'),
    title: pick('title'),
    greeting: pick('greeting'),
    placeholder: pick('placeholder'),
    locale: pick('locale') ?? pageLocale(),
    colorScheme: pick('colorScheme') ?? defaults.colorScheme,
    theme: theme as ResolvedTheme,
    openOnLoad: pick('openOnLoad') ?? defaults.openOnLoad,
    hideLauncher: pick('hideLauncher') ?? defaults.hideLauncher,
    identity: pick('identity'),
    strings: pick('strings'),
    register: pick('register'),
    assistantName: pick('assistantName'),
    assistantAvatar: pick('assistantAvatar'),
    teamAvatars: pick('teamAvatars'),
    replyTime: pick('replyTime'),
    openingHours: pick('openingHours'),
  };
}

/** Data attributes that are theme tokens rather than top-level options. */
const themeAttributes = new Set(Object.keys(themeRules));

/**
 * Reads options from `data-*` attributes (`data-relay-url`, `data-primary-color`, `data-open-on-load`…):
 * the dataset's camelCase names are the option names, and theme tokens go under `theme`.
 * Values stay strings; resolveOptions converts numbers and booleans.
 */
export function optionsFromDataset(
  dataset: DOMStringMap | Record<string, string | undefined>,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const theme: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(dataset)) {
    if (value === undefined || name === 'tandemBundle') continue;
    if (themeAttributes.has(name)) theme[name] = value;
    else options[name] = value;
  }
  if (Object.keys(theme).length > 0) options.theme = theme;
  return options;
}

/** Reads options from the `data-*` attributes of the script tag that loaded the widget. */
export function optionsFromScript(script: HTMLScriptElement | null): Record<string, unknown> {
  return script ? optionsFromDataset(script.dataset) : {};
}

// --- internal ---

function checked(
  name: string,
  value: unknown,
  [check, expected]: readonly [Check<unknown>, string],
  report: (message: string) => void,
): unknown {
  const result = check(value);
  if (result === undefined) report(`option "${name}" must be ${expected}, not ${show(value)}; using the default.`);
  return result;
}

function pageLocale(): string {
  const candidates = [
    typeof document !== 'undefined' ? document.documentElement.lang : undefined,
    typeof navigator !== 'undefined' ? navigator.language : undefined,
  ];
  return candidates.map(locale).find((value) => value !== undefined) ?? 'en';
}

function show(value: unknown): string {
  const shown = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
}

function logError(message: string): void {
  console.error(`[tandem] ${message}`);
}
