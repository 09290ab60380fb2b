import { describe, expect, it } from 'vitest';
import { chooseRoute, type RouteRule, routeRuleSchema } from './routing.ts';

const rules: RouteRule[] = [
  routeRuleSchema.parse({
    name: 'vip',
    when: { tier: ['vip'] },
    chain: [{ adapter: 'slack', route: 'C0VIP' }, 'email'],
  }),
  routeRuleSchema.parse({
    name: 'urgent-disputes',
    when: { priority: ['urgent'], topic: ['dispute'] },
    chain: ['zendesk'],
  }),
  routeRuleSchema.parse({
    name: 'german',
    when: { locale: ['de'] },
    chain: [{ adapter: 'zendesk', route: 'group:de' }],
  }),
];
const defaults = ['slack', 'email'];
const base = { priority: 'normal' as const, reasons: ['visitor_request'] };

describe('routing a handoff to a chain of adapters', () => {
  it.each([
    ['a verified VIP', { ...base, tier: 'vip' }, 'vip', [{ adapter: 'slack', route: 'C0VIP' }, { adapter: 'email' }]],
    [
      'an urgent dispute',
      { ...base, priority: 'urgent' as const, reasons: ['topic:dispute'] },
      'urgent-disputes',
      [{ adapter: 'zendesk' }],
    ],
    [
      'a German speaker in Austria',
      { ...base, locale: 'de-AT' },
      'german',
      [{ adapter: 'zendesk', route: 'group:de' }],
    ],
    [
      'an urgent request on another topic',
      { ...base, priority: 'urgent' as const, reasons: ['topic:shipping'] },
      'default',
      [{ adapter: 'slack' }, { adapter: 'email' }],
    ],
    [
      'a "den" locale, which is not German',
      { ...base, locale: 'den' },
      'default',
      [{ adapter: 'slack' }, { adapter: 'email' }],
    ],
    ['anyone else', base, 'default', [{ adapter: 'slack' }, { adapter: 'email' }]],
  ])('routes %s', (_, context, rule, chain) => {
    expect(chooseRoute(context, rules, defaults)).toEqual({ rule, chain });
  });

  it('lets the first matching rule win', () => {
    expect(chooseRoute({ ...base, tier: 'VIP', locale: 'de' }, rules, defaults).rule).toBe('vip');
  });

  it('refuses a rule without conditions or without adapters', () => {
    expect(routeRuleSchema.safeParse({ when: {}, chain: ['slack'] }).success).toBe(false);
    expect(routeRuleSchema.safeParse({ when: { tier: ['vip'] }, chain: [] }).success).toBe(false);
    expect(routeRuleSchema.safeParse({ when: { priority: ['whenever'] }, chain: ['slack'] }).success).toBe(false);
  });
});
