export interface WidgetOptions {
  /** Where the relay is served, e.g. "https://chat.example.com". */
  relayUrl: string;
  siteId?: string;
  locale?: string;
  /** Shown above the first message. */
  greeting?: string;
  title?: string;
}

/** Reads options from the `data-*` attributes of the script tag that loaded the widget. */
export function optionsFromScript(script: HTMLScriptElement | null): Partial<WidgetOptions> {
  if (!script) return {};
  const { relayUrl, siteId, locale, greeting, title } = script.dataset;
  return {
    ...(relayUrl ? { relayUrl } : {}),
    ...(siteId ? { siteId } : {}),
    ...(locale ? { locale } : {}),
    ...(greeting ? { greeting } : {}),
    ...(title ? { title } : {}),
  };
}
