export type { Browser, BrowserContext, Page } from 'playwright-core';
export { CHROMIUM_PATH, launchChromium } from './chromium.ts';
