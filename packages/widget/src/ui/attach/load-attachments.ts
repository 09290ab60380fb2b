import type { FunctionComponent } from 'preact';
import type { ChatAttachment, ChatMessage } from '../../core/chat-state.ts';
import type { AttachmentUploader, ChatController } from '../../core/controller.ts';
import { loadChunk } from '../../embed/load-chunk.ts';

/**
 * What the attachments' chunk provides. Fetched the first time the visitor picks, drops or pastes a file, a message
 * with files is shown, or the outbox holds files to upload: a visitor who never attaches anything never pays for it.
 */
export interface AttachModule extends AttachmentUploader {
  /** Checks the files and adds those that can be sent to the composer's draft (the rest show as problems). */
  add(controller: ChatController, files: readonly File[]): Promise<void>;
  /** Sends the draft's files with the text; false (and nothing sent) when the draft holds no files. */
  send(controller: ChatController, text: string): boolean;
  /** The draft above the text box: previews, remove buttons, problems. */
  Tray: FunctionComponent<{ controller: ChatController }>;
  /** The files of one message in the transcript: thumbnails, file chips, upload progress. */
  Files: FunctionComponent<{ controller: ChatController; message: ChatMessage }>;
}

export type { ChatAttachment };

/** Fetches the chunk once (`tandem-attach.js` beside tandem.js in the script-tag build, see embed/load-chunk.ts). */
export function loadAttachments(): Promise<AttachModule> {
  return loadChunk(
    'attach',
    typeof __TANDEM_SCRIPT_TAG__ !== 'undefined' && __TANDEM_SCRIPT_TAG__
      ? undefined
      : () => import('./attach-module.ts').then((module) => module.attachModule),
  );
}

/** Set by the script-tag build: read here, not imported, so the bundler drops the dynamic import from tandem.js. */
declare const __TANDEM_SCRIPT_TAG__: boolean | undefined;
