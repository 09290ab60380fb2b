import { useEffect, useState } from 'preact/hooks';
import type { ChatController } from '../../core/controller.ts';
import { type DraftState, draftOf } from './draft.ts';

/** The composer's draft (files, problems, upload progress), re-rendering on each change. */
export function useDraft(controller: ChatController): DraftState {
  const draft = draftOf(controller);
  const [state, setState] = useState(draft.state);
  useEffect(() => {
    setState(draft.state);
    return draft.subscribe(setState);
  }, [draft]);
  return state;
}
