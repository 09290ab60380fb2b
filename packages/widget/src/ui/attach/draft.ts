import type { ChatAttachment } from '../../core/chat-state.ts';
import type { ChatController } from '../../core/controller.ts';
import { checkFile, type FileProblem } from './file-check.ts';
import { MAX_ATTACHMENTS_PER_CONVERSATION, MAX_ATTACHMENTS_PER_MESSAGE } from './limits.ts';
import { keepFile } from './local-files.ts';

/** A file the visitor picked and has not sent yet. */
export interface DraftFile {
  attachment: ChatAttachment & { clientAttachmentId: string };
  file: Blob;
  /** A blob URL for the preview of a picture, revoked when the file leaves the draft. */
  preview: string | undefined;
}

export interface Problem {
  key: FileProblem | 'tooManyFiles' | 'conversationFileLimit';
  name?: string;
}

export interface DraftState {
  files: DraftFile[];
  /** What the last pick, drop or paste could not add, and why. */
  problems: Problem[];
  /** Upload progress from 0 to 1, by clientAttachmentId. */
  progress: Record<string, number>;
}

/** The draft of one widget's composer, with a listener list the chunk's components follow. */
export class Draft {
  state: DraftState = { files: [], problems: [], progress: {} };
  readonly #listeners = new Set<(state: DraftState) => void>();

  subscribe(listener: (state: DraftState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  change(next: Partial<DraftState>): void {
    this.state = { ...this.state, ...next };
    for (const listener of this.#listeners) listener(this.state);
  }

  remove(clientAttachmentId: string): void {
    const leaving = this.state.files.find((file) => file.attachment.clientAttachmentId === clientAttachmentId);
    if (leaving?.preview) URL.revokeObjectURL(leaving.preview);
    this.change({ files: this.state.files.filter((file) => file !== leaving), problems: [] });
  }

  /** Empties the draft and returns what it held. */
  take(): DraftFile[] {
    const { files } = this.state;
    for (const file of files) if (file.preview) URL.revokeObjectURL(file.preview);
    this.change({ files: [], problems: [] });
    return files;
  }
}

const drafts = new WeakMap<ChatController, Draft>();

export function draftOf(controller: ChatController): Draft {
  let draft = drafts.get(controller);
  if (!draft) {
    draft = new Draft();
    drafts.set(controller, draft);
  }
  return draft;
}

/**
 * Checks each file (size, type by its first bytes, the per-message and per-conversation counts) and adds those the
 * relay would take; the others become problems the tray announces. Nothing is uploaded yet.
 */
export async function addFiles(controller: ChatController, files: readonly File[]): Promise<void> {
  const draft = draftOf(controller);
  const problems: Problem[] = [];
  const added: DraftFile[] = [];
  const sentBefore = controller
    .getState()
    .messages.reduce(
      (count, message) => count + (message.role === 'visitor' ? (message.attachments?.length ?? 0) : 0),
      0,
    );
  for (const file of files) {
    const name = file.name;
    const checked = await checkFile(file, name);
    if (typeof checked === 'string') {
      problems.push({ key: checked, name });
      continue;
    }
    const count = draft.state.files.length + added.length;
    if (count >= MAX_ATTACHMENTS_PER_MESSAGE) {
      problems.push({ key: 'tooManyFiles' });
      break;
    }
    if (sentBefore + count >= MAX_ATTACHMENTS_PER_CONVERSATION) {
      problems.push({ key: 'conversationFileLimit' });
      break;
    }
    const clientAttachmentId = `a_${crypto.randomUUID().replace(/-/g, '')}`;
    added.push({
      attachment: { clientAttachmentId, name: checked.name, contentType: checked.contentType, size: file.size },
      file,
      preview: checked.contentType.startsWith('image/') ? URL.createObjectURL(file) : undefined,
    });
  }
  draft.change({ files: [...draft.state.files, ...added], problems });
}

/**
 * Sends the draft's files with the text: their bytes are stored first (IndexedDB, under `file:<clientAttachmentId>`)
 * so the outbox can upload them after a reload or an offline spell, then the message is queued like any other.
 */
export function sendDraft(controller: ChatController, text: string): boolean {
  const files = draftOf(controller).take();
  if (files.length === 0) return false;
  const { storage } = controller.files();
  void Promise.all(
    files.map(({ attachment, file }) => {
      keepFile(attachment.clientAttachmentId, file);
      return storage.set(`file:${attachment.clientAttachmentId}`, file).catch((error: unknown) => {
        // Still sent from memory while this page lives; only a reload before it is sent would lose it.
        console.warn('[tandem] a file could not be stored for sending later:', error);
      });
    }),
  ).then(() =>
    controller.send(
      text,
      files.map((file) => file.attachment),
    ),
  );
  return true;
}
