import { hasVisibleText } from '@tandem/protocol';
import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatController } from '../core/controller.ts';
import { type AttachModule, loadAttachments } from './attach/load-attachments.ts';
import { useLocalization } from './panel-localization.ts';

export interface ComposerProps {
  controller: ChatController;
  inputRef: Ref<HTMLTextAreaElement>;
  onSend(text: string): void;
}

/**
 * What the file pickers offer. Pictures of any type, so phones offer their camera and convert HEIC photos to JPEG;
 * the attachments' code reads each file's first bytes and explains what the relay would refuse (an SVG, say).
 */
const ACCEPT = 'image/*,application/pdf';
const DRAG_EVENTS = ['dragover', 'dragleave', 'drop'];
/** Line icons drawn with the text colour (an emoji would be an empty box on a system without an emoji font). */
const ATTACH_ICON =
  'M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5';
const CAMERA_ICON =
  'M23 19a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h4l2-3h6l2 3h4a2 2 0 0 1 2 2zM16 13a4 4 0 1 1-8 0a4 4 0 0 1 8 0z';

/**
 * Enter sends, Shift+Enter starts a new line; an input method's composition is never cut short. Files come by the
 * attach button (the camera too, on a phone), dropped on the panel or pasted into the text box; the code that checks,
 * previews and uploads them is fetched on the first one (ui/attach).
 */
export function Composer({ controller, inputRef, onSend }: ComposerProps) {
  const { t } = useLocalization();
  const [draft, setDraft] = useState('');
  const [attach, setAttach] = useState<AttachModule>();
  const formRef = useRef<HTMLFormElement>(null);
  const add = (files: FileList | null | undefined) => {
    const list = [...(files ?? [])];
    if (list.length === 0) return;
    void loadAttachments().then((module) => {
      setAttach(module);
      return module.add(controller, list);
    });
  };
  const submit = (event: Event) => {
    event.preventDefault();
    // With files in the draft, the text goes with them (and may be empty).
    if (attach?.send(controller, draft)) setDraft('');
    else if (hasVisibleText(draft)) {
      onSend(draft);
      setDraft('');
    }
  };

  // Files dropped anywhere on the panel are attached (a drop elsewhere would make the browser leave the page for the
  // file); the panel is outlined while files are dragged over it.
  useLayoutEffect(() => {
    const panel = formRef.current?.closest('.panel');
    const handle = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      panel?.classList.toggle('dropping', event.type === 'dragover');
      if (event.type === 'drop') add(event.dataTransfer.files);
    };
    // The panel and this composer come and go together: the listeners go with the panel's element.
    for (const name of DRAG_EVENTS) panel?.addEventListener(name, handle as EventListener);
  }, []);

  const picker = (label: string, camera?: boolean) => (
    <label class={`attach${camera ? ' camera' : ''}`} part="attach">
      <input
        type="file"
        class="sr-only"
        accept={ACCEPT}
        multiple
        capture={camera ? 'environment' : undefined}
        aria-label={label}
        onChange={(event) => {
          add(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d={camera ? CAMERA_ICON : ATTACH_ICON} />
      </svg>
    </label>
  );

  return (
    <form class="composer" part="composer" onSubmit={submit} ref={formRef}>
      {attach ? <attach.Tray controller={controller} /> : null}
      {picker(t('attachFile'))}
      {picker(t('takePhoto'), true)}
      <textarea
        ref={inputRef}
        part="input"
        dir="auto"
        rows={2}
        aria-label={t('yourMessage')}
        placeholder={t('placeholder')}
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onPaste={(event) => {
          const files = event.clipboardData?.files;
          if (!files?.length) return;
          event.preventDefault();
          add(files);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
        }}
      />
      <button type="submit" class="send" part="send">
        {t('send')}
      </button>
    </form>
  );
}
