import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatAttachment, ChatMessage } from '../../core/chat-state.ts';
import type { ChatController } from '../../core/controller.ts';
import { useAttachLocalization } from './attach-localization.ts';
import { adoptAttachSheet } from './attach-styles.ts';
import { formatSize } from './file-check.ts';
import { localFile, rememberFile } from './local-files.ts';
import { useDraft } from './use-draft.ts';

const FAILURE_KEYS: Record<string, 'sendFailedTooLarge' | 'sendFailedType' | 'sendFailedLimit' | 'sendFailedMissing'> =
  {
    attachment_too_large: 'sendFailedTooLarge',
    attachment_type_not_allowed: 'sendFailedType',
    attachment_limit_reached: 'sendFailedLimit',
    attachment_missing: 'sendFailedMissing',
  };

/**
 * The files of one message: a thumbnail for each picture (opens the full picture), a chip for each document (downloads
 * it), a progress bar while the visitor's file uploads, and why the relay refused it if it did.
 */
export function Files({ controller, message }: { controller: ChatController; message: ChatMessage }) {
  const { t } = useAttachLocalization();
  const { progress } = useDraft(controller);
  const ref = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => adoptAttachSheet(ref.current), []);
  const failure = message.status === 'failed' && message.error ? FAILURE_KEYS[message.error] : undefined;
  return (
    <>
      <ul class="files" part="attachments" ref={ref}>
        {(message.attachments ?? []).map((attachment) => {
          const uploading =
            message.status === 'sending' && !attachment.id && attachment.clientAttachmentId
              ? progress[attachment.clientAttachmentId]
              : undefined;
          return (
            <li key={attachment.id ?? attachment.clientAttachmentId}>
              {attachment.contentType.startsWith('image/') ? (
                <Thumbnail controller={controller} attachment={attachment} />
              ) : (
                <FileChip controller={controller} attachment={attachment} />
              )}
              {uploading !== undefined ? (
                <progress
                  max={1}
                  value={uploading}
                  aria-label={t('uploading', { name: attachment.name })}
                  part="upload-progress"
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {failure ? (
        <p class="file-error" role="alert">
          {t(failure)}
        </p>
      ) : null}
    </>
  );
}

/** A picture, fetched once with the conversation's token and shown through a blob URL revoked when it goes. */
function Thumbnail({ controller, attachment }: { controller: ChatController; attachment: ChatAttachment }) {
  const { t } = useAttachLocalization();
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  // A page whose Content-Security-Policy has no `img-src blob:` refuses the picture: it is offered as a download.
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    let objectUrl: string | undefined;
    let current = true;
    readFile(controller, attachment).then(
      (file) => {
        if (!current) return;
        objectUrl = URL.createObjectURL(file);
        setUrl(objectUrl);
      },
      () => current && setMissing(true),
    );
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment.id ?? attachment.clientAttachmentId]);
  if (missing) return <span class="file-error">{t('fileUnavailable')}</span>;
  if (blocked) return <FileChip controller={controller} attachment={attachment} />;
  if (!url) return <span class="thumb" part="thumbnail" aria-busy="true" />;
  return (
    <a class="thumb" part="thumbnail" href={url} target="_blank" rel="noopener noreferrer" title={attachment.name}>
      <img
        onError={() => setBlocked(true)}
        src={url}
        alt={t('openFile', { name: attachment.name })}
        width={attachment.width}
        height={attachment.height}
      />
    </a>
  );
}

/** A document: its name and size; activating it downloads it under its name. */
function FileChip({ controller, attachment }: { controller: ChatController; attachment: ChatAttachment }) {
  const { t, locale } = useAttachLocalization();
  const [missing, setMissing] = useState(false);
  const download = async () => {
    try {
      const file = await readFile(controller, attachment);
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = attachment.name;
      link.rel = 'noopener';
      link.click();
      // Some browsers read the blob after the click returns.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setMissing(true);
    }
  };
  return (
    <>
      <button
        type="button"
        class="file-chip"
        part="file"
        // The name read out is the visible one (name and size); what activating it does comes as its description.
        title={t('downloadFile', { name: attachment.name })}
        onClick={() => void download()}
      >
        <FileIcon />
        <span>{attachment.name}</span>
        <span class="size">{formatSize(attachment.size, locale)}</span>
      </button>
      {missing ? <span class="file-error">{t('fileUnavailable')}</span> : null}
    </>
  );
}

/**
 * The bytes of a file: from this page if it has them (just picked, just uploaded), from the outbox's storage if it
 * waits there, else from the relay with the conversation's token. The token is sent only to the relay's own origin.
 */
async function readFile(controller: ChatController, attachment: ChatAttachment): Promise<Blob> {
  const local = localFile(attachment.clientAttachmentId);
  if (local) return local;
  const { id, url } = attachment;
  if (!id || !url) {
    const stored = await controller.files().storage.get<Blob>(`file:${attachment.clientAttachmentId}`);
    if (stored) return stored;
    throw new Error('file not stored');
  }
  return rememberFile(id, async () => {
    const { relayUrl, token, fetch: fetcher = globalThis.fetch.bind(globalThis) } = controller.files();
    const base = relayUrl.replace(/\/+$/, '');
    const address = url.startsWith('/') ? base + url : url;
    if (new URL(address, base).origin !== new URL(base).origin) throw new Error('not a file of this relay');
    const response = await fetcher(address, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    if (!response.ok) throw new Error(`the relay answered ${response.status}`);
    return response.blob();
  });
}

/** A document outline, drawn with the text colour (an emoji would be an empty box without an emoji font). */
export function FileIcon() {
  return (
    <svg class="file-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6M8 13h8M8 17h8" />
    </svg>
  );
}
