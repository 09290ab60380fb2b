import { addFiles, sendDraft } from './draft.ts';
import { Files } from './files.tsx';
import type { AttachModule } from './load-attachments.ts';
import { Tray } from './tray.tsx';
import { uploadEntry } from './upload.ts';

/** The attachments' chunk: what `loadAttachments()` resolves with. */
export const attachModule: AttachModule = {
  add: addFiles,
  send: sendDraft,
  upload: uploadEntry,
  Tray,
  Files,
};
