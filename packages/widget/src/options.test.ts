import { describe, expect, it } from 'vitest';
import { optionsFromDataset, resolveOptions } from './options.ts';

function resolveCollecting(input: unknown) {
  const errors: string[] = [];
  const resolved = resolveOptions(input, (message) => errors.push(message));
  return { resolved, errors };
}

describe('widget options', () => {
  it('fills in defaults around the options given', () => {
    const { resolved, errors } = resolveCollecting({
      relayUrl: 'https://chat.example.com/',
      siteId: 'shop',
      locale: 'sv',
    });
    expect(errors).toEqual([]);
    expect(resolved).toMatchObject({
      relayUrl: 'https://chat.example.com',
      siteId: 'shop',
      locale: 'sv',
      position: 'right',
      offsetX: 20,
      offsetY: 20,
      colorScheme: 'auto',
      openOnLoad: false,
      hideLauncher: false,
      theme: {},
    });
  });

  it('reads data-* attributes: strings become numbers and booleans, theme tokens go under theme', () => {
    const dataset = {
      relayUrl: 'https://chat.example.com',
      position: 'left',
      offsetX: '32',
      openOnLoad: 'true',
      hideLauncher: '',
      colorScheme: 'dark',
      primaryColor: '#0a7d5a',
      radius: '12px',
      zIndex: '1000',
      fontFamily: '"Inter", system-ui, sans-serif',
    };
    const { resolved, errors } = resolveCollecting(optionsFromDataset(dataset));
    expect(errors).toEqual([]);
    expect(resolved).toMatchObject({
      position: 'left',
      offsetX: 32,
      openOnLoad: true,
      hideLauncher: true,
      colorScheme: 'dark',
      theme: { primaryColor: '#0a7d5a', radius: '12px', zIndex: 1000, fontFamily: '"Inter", system-ui, sans-serif' },
    });
  });

  it('logs one error naming each bad option and falls back to its default, without throwing', () => {
    const { resolved, errors } = resolveCollecting({
      relayUrl: 'https://chat.example.com',
      position: 'middle',
      offsetY: -5,
      openOnLoad: 'yes',
      theme: { primaryColor: 'red; } * { display: none', radius: 8 },
      colour: 'blue',
    });
    expect(errors).toEqual([
      'option "position" must be "left" or "right", not "middle"; using the default.',
      'option "offsetY" must be a number of pixels between 0 and 2000, not -5; using the default.',
      'option "openOnLoad" must be true or false, not "yes"; using the default.',
      'option "colour" is not a Tandem option and was ignored.',
      'option "theme.primaryColor" must be a CSS colour, not "red; } * { display: none"; using the default.',
    ]);
    expect(resolved).toMatchObject({ position: 'right', offsetY: 20, openOnLoad: false, theme: { radius: '8px' } });
    expect(resolved?.theme.primaryColor).toBeUndefined();
  });

  it('takes data-radius="4" as four pixels, as the docs promise, and refuses a radius past 100', () => {
    expect(resolveCollecting(optionsFromDataset({ relayUrl: 'https://chat.example.com', radius: '4' }))).toMatchObject({
      resolved: { theme: { radius: '4px' } },
      errors: [],
    });
    const { resolved, errors } = resolveCollecting(
      optionsFromDataset({ relayUrl: 'https://chat.example.com', radius: '400' }),
    );
    expect(resolved?.theme.radius).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('mounts nothing without a usable relay URL, and says so once', () => {
    expect(resolveCollecting({ siteId: 'shop' })).toEqual({
      resolved: undefined,
      errors: ['option "relayUrl" (data-relay-url) is missing, so the chat is not shown.'],
    });
    const { resolved, errors } = resolveCollecting({ relayUrl: 'javascript:alert(1)' });
    expect(resolved).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"relayUrl" must be an http(s) URL');
    expect(resolveCollecting(null).resolved).toBeUndefined();
  });

  it('takes the locale from the option, else the page, else the browser, else English', () => {
    expect(resolveCollecting({ relayUrl: 'https://c.example', locale: 'pt-BR' }).resolved?.locale).toBe('pt-BR');
    expect(resolveCollecting({ relayUrl: 'https://c.example', locale: 'not a tag' }).errors).toHaveLength(1);
  });
});
