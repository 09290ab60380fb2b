import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatController } from '../../core/controller.ts';
import { useAttachLocalization } from './attach-localization.ts';
import { adoptAttachSheet } from './attach-styles.ts';
import { draftOf, type Problem } from './draft.ts';
import { formatSize } from './file-check.ts';
import { FileIcon } from './files.tsx';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CONVERSATION, MAX_ATTACHMENTS_PER_MESSAGE } from './limits.ts';
import { useDraft } from './use-draft.ts';

/**
 * The files the visitor picked, above the text box, before anything is uploaded: a preview of each picture, the name
 * and size of each file, a button to take one out; and, announced at once, why a file could not be added.
 */
export function Tray({ controller }: { controller: ChatController }) {
  const { t, locale } = useAttachLocalization();
  const { files, problems } = useDraft(controller);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => adoptAttachSheet(ref.current), []);

  const remove = (clientAttachmentId: string) => {
    draftOf(controller).remove(clientAttachmentId);
    // The button is gone with its file: the text box is where the visitor goes on.
    (ref.current?.closest('form')?.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
  };

  return (
    <div class="tray" part="attachments-draft" ref={ref}>
      {problems.length ? (
        <div class="problems" role="alert">
          {problems.map((problem, index) => (
            <p key={index}>{problemText(problem, t)}</p>
          ))}
        </div>
      ) : null}
      {files.length ? (
        <ul>
          {files.map(({ attachment, preview }) => (
            <li key={attachment.clientAttachmentId} class="draft">
              {preview ? <img src={preview} alt="" /> : <FileIcon />}
              <span class="name" title={attachment.name}>
                {attachment.name}
              </span>
              <span class="size">{formatSize(attachment.size, locale)}</span>
              <button
                type="button"
                aria-label={t('removeFile', { name: attachment.name })}
                onClick={() => remove(attachment.clientAttachmentId)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function problemText(problem: Problem, t: ReturnType<typeof useAttachLocalization>['t']): string {
  const name = problem.name ?? '';
  switch (problem.key) {
    case 'fileTooLarge':
      return t('fileTooLarge', { name, limit: MAX_ATTACHMENT_BYTES / (1024 * 1024) });
    case 'fileTypeNotAllowed':
      return t('fileTypeNotAllowed', { name });
    case 'tooManyFiles':
      return t('tooManyFiles', { count: MAX_ATTACHMENTS_PER_MESSAGE });
    case 'conversationFileLimit':
      return t('conversationFileLimit', { count: MAX_ATTACHMENTS_PER_CONVERSATION });
  }
}
