/**
 * `tandem-relay`: the relay as a command, configured by environment variables (see `.env.example`).
 * Every variable is checked before anything starts; a bad one stops the command with a message naming it.
 */

import { createSmtpTransport } from '@tandem/handoff/email/smtp';
import { createRelay } from '../app.ts';
import { loadKnowledgeFolder } from '../assistant/knowledge/load-folder.ts';
import { assistantFromVariables } from '../config/assistant.ts';
import { EnvironmentError, parseVariables, relayOptionsFromVariables } from '../config/environment.ts';
import { nodeVariablesSchema } from '../config/runtime-variables.ts';
import { HandoffVariablesError, handoffFromVariables, NO_HELPDESK_WARNING } from '../handoff/environment.ts';
import { serveApp } from './serve.ts';
import { storeFromVariables } from './store-from-variables.ts';

/** How long running answers may take to finish after a stop signal. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How often files of conversations the store has forgotten are removed. */
const ATTACHMENT_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

async function main(): Promise<void> {
  const variables = parseVariables(nodeVariablesSchema, process.env);
  const knowledge = await loadKnowledgeFolder(variables.TANDEM_KNOWLEDGE_DIR).catch((error: unknown) => {
    throw new EnvironmentError([
      { variable: 'TANDEM_KNOWLEDGE_DIR', message: `cannot read ${variables.TANDEM_KNOWLEDGE_DIR}: ${String(error)}` },
    ]);
  });
  const assistant = assistantFromVariables(variables, knowledge);
  const handoff = handoffOrExit(variables);
  if (!handoff) log('warn', NO_HELPDESK_WARNING);
  const { store, audit, blobStore, description } = storeFromVariables(variables, {
    onConnectionError: connectionErrorLog(),
  });
  const options = relayOptionsFromVariables(variables);
  const relay = createRelay({
    ...options,
    assistant,
    store,
    audit: { ...options.audit, log: audit },
    attachments: { ...options.attachments, blobStore },
    ...(handoff ? { handoff } : {}),
  });
  const server = await serveApp({ app: relay, port: variables.TANDEM_PORT, hostname: variables.TANDEM_HOST });
  log('info', 'listening', {
    url: server.url,
    assistant: assistant.name,
    knowledgeDocuments: knowledge.length,
    handoff: handoff?.adapters.map((adapter) => adapter.name) ?? [],
    ...description,
  });
  // Work the previous process left in the store: unanswered messages, kept handoffs, queued helpdesk messages.
  // On a store shared with other instances (Redis), keep looking: an instance that dies leaves its work to us once
  // its leases lapse, and Redis may be away right now (the loop waits for it instead of exiting).
  let stopRecovering: () => void = () => undefined;
  if (store.shared) {
    stopRecovering = relay.keepRecovering();
  } else {
    const recovered = await relay.recover();
    if (recovered.answering.length > 0 || (recovered.handoffs?.attempted ?? 0) > 0) {
      log('info', 'recovered', { answering: recovered.answering.length, handoffs: recovered.handoffs });
    }
  }

  // Files go with their conversations: once the store has forgotten one (retention, deletion), its files follow.
  const attachmentSweep = setInterval(() => {
    relay.attachments
      .sweep()
      .then((removed) => removed > 0 && log('info', 'attachments swept', { removed }))
      .catch((error: unknown) => log('error', 'attachment sweep failed', { error: String(error) }));
  }, ATTACHMENT_SWEEP_INTERVAL_MS);
  attachmentSweep.unref();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    stopRecovering();
    clearInterval(attachmentSweep);
    // Streams close first (widgets reconnect elsewhere and resume); answers already running may finish into the
    // store for a short while, so a shared store still gets them.
    void server
      .close()
      .then(() =>
        Promise.race([relay.conversations.idle(), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS))]),
      )
      .then(() => store.close?.())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** A half-configured helpdesk is reported like any other bad variable. */
function handoffOrExit(variables: Parameters<typeof handoffFromVariables>[0]) {
  try {
    return handoffFromVariables(variables, { smtpTransport: createSmtpTransport });
  } catch (error) {
    if (error instanceof HandoffVariablesError) throw new EnvironmentError(error.issues);
    throw error;
  }
}

/** Redis errors come with every reconnect attempt: logged when they start and then at most every 10 seconds. */
function connectionErrorLog(): (error: Error) => void {
  let lastLogged = 0;
  return (error) => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    log('error', 'store connection failed; reconnecting', { error: error.message });
  };
}

function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  if (level !== 'info') console.error(line);
  else console.log(line);
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentError) {
    for (const issue of error.issues) console.error(`tandem-relay: ${issue.variable}: ${issue.message}`);
    console.error('tandem-relay: see .env.example for every variable.');
  } else {
    console.error(`tandem-relay: could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
