import { computed } from '@preact/signals-core';
import { Component } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import { RelayRequestError } from '../core/transport/relay-client.ts';
import { loadAttachments } from '../ui/attach/load-attachments.ts';
import { useLocalization } from '../ui/i18n-context.ts';

/**
 * What `tandem-panel.js` and `tandem-attach.js` take from tandem.js instead of carrying their own copies: one Preact
 * (hooks only work with the Preact that renders them), the localisation context the launcher's tree provides, the
 * one loader of the attachments' chunk and the error class the outbox recognises. Only the names the chunks use, so the rest of Preact can still be left out of tandem.js; build.ts maps the panel's imports of these
 * modules to this global and fails the build when the panel imports a name that is not listed here.
 */
export const runtime = {
  preact: { Component },
  hooks: { useEffect, useLayoutEffect, useMemo, useRef, useState },
  jsxRuntime: { Fragment, jsx, jsxs },
  signals: { computed },
  localization: { useLocalization },
  attachments: { loadAttachments },
  client: { RelayRequestError },
};

export function exposeRuntime(): void {
  (globalThis as { TandemRuntime?: unknown }).TandemRuntime = runtime;
}
