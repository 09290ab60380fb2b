import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createRelay } from '../app.ts';
import { loadKnowledgeFolder } from '../assistant/knowledge/load-folder.ts';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { serveApp } from './serve.ts';

const environmentSchema = z.object({
  TANDEM_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  TANDEM_HOST: z.string().default('127.0.0.1'),
  TANDEM_SECRET: z.string().min(32).optional(),
  TANDEM_ALLOWED_ORIGINS: z.string().default('*'),
  TANDEM_KNOWLEDGE_DIR: z.string().min(1),
});

const parsed = environmentSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`tandem-relay: ${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
}
const environment = parsed.data;
if (!environment.TANDEM_SECRET) {
  console.warn('tandem-relay: TANDEM_SECRET is not set; using a random one, so tokens end with this process.');
}
const relay = createRelay({
  secret: environment.TANDEM_SECRET ?? randomBytes(32).toString('hex'),
  assistant: createOfflineAssistant({ knowledge: await loadKnowledgeFolder(environment.TANDEM_KNOWLEDGE_DIR) }),
  allowedOrigins:
    environment.TANDEM_ALLOWED_ORIGINS === '*'
      ? '*'
      : environment.TANDEM_ALLOWED_ORIGINS.split(',').map((o) => o.trim()),
});
const server = await serveApp({ app: relay, port: environment.TANDEM_PORT, hostname: environment.TANDEM_HOST });
console.log(`tandem-relay listening on ${server.url}`);
