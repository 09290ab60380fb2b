/**
 * `tandem-replay --audit audit.jsonl [--config policy.json] [--set confidenceFloor=0.6 ...]`: replays every
 * escalation decision in an audit log export (GET /v1/audit) with another policy configuration, and prints how many
 * decisions would change and which: tune on your own conversations before a change goes live.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeIssues } from '@tandem/protocol';
import { AuditReplayError, type ReplayedDecision, readDecisionLines, replayDecisions } from '../audit/replay.ts';
import { policyConfigSchema } from '../policy/config.ts';

const USAGE = `usage: tandem-replay --audit <audit.jsonl | -> [--config <policy.json>] [--set <field>=<value>]... [--show <n>] [--json]

  --audit   the audit log as JSON lines (GET /v1/audit with the export token); "-" reads standard input
  --config  the policy configuration to try, as JSON (the relay's "policy" option; every field optional)
  --set     one field to change on top of it, dotted for nested ones: confidenceFloor=0.6, loop.repeatedQuestions=2
  --show    how many changed decisions to list (default 20)
  --json    print the report as JSON instead`;

class UsageError extends Error {}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      audit: { type: 'string' },
      config: { type: 'string' },
      set: { type: 'string', multiple: true },
      show: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.audit) throw new UsageError('--audit is required');
  const show = values.show === undefined ? 20 : Number(values.show);
  if (!Number.isInteger(show) || show < 0) throw new UsageError('--show must be a whole number');

  const input: Record<string, unknown> = values.config ? readConfig(values.config) : {};
  for (const assignment of values.set ?? []) setField(input, assignment);
  const parsed = policyConfigSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(`the configuration is not valid: ${describeIssues(parsed.error)}`);

  const text = values.audit === '-' ? readFileSync(0, 'utf8') : readText(values.audit, '--audit');
  const { decisions, otherLines } = readDecisionLines(text);
  const report = replayDecisions(decisions, parsed.data);

  if (values.json) {
    console.log(JSON.stringify({ ...report, otherLines, changed: report.changed.map(describeJson) }, null, 2));
    return 0;
  }
  const share = decisions.length > 0 ? ` (${((report.changed.length / decisions.length) * 100).toFixed(1)}%)` : '';
  const tried = [values.config ? `--config ${values.config}` : '', ...(values.set ?? []).map((set) => `--set ${set}`)]
    .filter(Boolean)
    .join(' ');
  console.log(
    `Replayed ${decisions.length} decisions from ${values.audit} with ${tried || 'the default configuration'}.`,
  );
  console.log(`${report.changed.length} would change${share}:`);
  console.log(`  ${report.newlyEscalated} handed to a person that were not`);
  console.log(`  ${report.noLongerEscalated} no longer handed to a person`);
  console.log(
    `  ${report.changed.length - report.newlyEscalated - report.noLongerEscalated} handed off either way, for other reasons or at another priority`,
  );
  if (otherLines > 0) console.log(`(${otherLines} answer lines read past: only decisions are replayed)`);
  for (const change of report.changed.slice(0, show)) console.log(describeLine(change));
  if (report.changed.length > show)
    console.log(`… and ${report.changed.length - show} more (--show ${report.changed.length})`);
  return 0;
}

function describeLine({ entry, logged, replayed }: ReplayedDecision): string {
  const outcome = (decision: { escalate: boolean; reasons: readonly string[]; priority: string }) =>
    decision.escalate ? `hand off (${decision.reasons.join(', ')}; ${decision.priority})` : 'assistant answers';
  const confidence =
    entry.signals.assistantConfidence !== undefined
      ? `  confidence ${entry.signals.assistantConfidence.toFixed(2)}`
      : '';
  return `  ${entry.at}  ${entry.conversationId}  ${entry.stage}: ${outcome(logged)} → ${outcome(replayed)}  sentiment ${entry.signals.sentiment.toFixed(2)}${confidence}`;
}

function describeJson({ entry, logged, replayed }: ReplayedDecision) {
  return {
    at: entry.at,
    conversationId: entry.conversationId,
    stage: entry.stage,
    logged,
    replayed: { escalate: replayed.escalate, reasons: replayed.reasons, priority: replayed.priority },
    signals: entry.signals,
  };
}

function readText(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path}: ${(error as Error).message}`);
  }
}

function readConfig(path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readText(path, '--config'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config: ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--config: ${path} must hold a JSON object`);
  }
  // A whole relay configuration file works too: its "policy" part is what is replayed.
  const policy = (value as { policy?: unknown }).policy;
  return (typeof policy === 'object' && policy !== null ? policy : value) as Record<string, unknown>;
}

/** `loop.repeatedQuestions=2`: the value is read as JSON (numbers, true/false, lists), or else as a string. */
function setField(target: Record<string, unknown>, assignment: string): void {
  const match = /^([A-Za-z][\w.]*)=(.*)$/s.exec(assignment);
  if (!match?.[1] || match[2] === undefined) throw new UsageError(`--set ${assignment}: write <field>=<value>`);
  let value: unknown;
  try {
    value = JSON.parse(match[2]);
  } catch {
    value = match[2];
  }
  const path = match[1].split('.');
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof AuditReplayError) {
    console.error(`tandem-replay: ${error.message.replace(/^\[tandem\] \[audit\] /, '')}`);
  } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`tandem-replay: ${error.message}\n\n${USAGE}`);
  } else {
    throw error;
  }
  process.exitCode = 2;
}
