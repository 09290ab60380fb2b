// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatState } from '../core/chat-state.ts';
import { bannerState, ModeBanner } from './mode-banner.tsx';

afterEach(cleanup);

function renderBanner(mode: ChatState['mode'], handoff: ChatState['handoff'], onEnd = () => {}) {
  const noop = () => {};
  render(
    <ModeBanner
      mode={mode}
      handoff={handoff}
      contact="none"
      rating="none"
      offline={false}
      onRequestHandoff={noop}
      onContact={noop}
      onRate={noop}
      onEnd={onEnd}
    />,
  );
}

describe('the mode banner', () => {
  it('names the state the visitor is in, from the mode and the handoff status', () => {
    expect(bannerState({ mode: 'assistant', handoff: { status: 'none' } })).toBe('assistant');
    expect(bannerState({ mode: 'assistant', handoff: { status: 'requested' } })).toBe('waiting');
    expect(bannerState({ mode: 'waiting', handoff: { status: 'failed' } })).toBe('waiting');
    expect(bannerState({ mode: 'assistant', handoff: { status: 'unavailable' } })).toBe('unavailable');
    expect(bannerState({ mode: 'human', handoff: { status: 'connected', agent: { name: 'Maya' } } })).toBe('human');
    // The person handed the conversation back: the assistant answers again, and a person can be asked for again.
    expect(bannerState({ mode: 'assistant', handoff: { status: 'connected', agent: { name: 'Maya' } } })).toBe(
      'assistant',
    );
    expect(bannerState({ mode: 'closed', handoff: { status: 'connected' } })).toBe('closed');
  });

  it('shows the expected wait in whole minutes, rounded up, when the helpdesk knows it', () => {
    renderBanner('waiting', { status: 'requested', expectedWaitSeconds: 61 });
    expect(screen.getByRole('status').textContent).toBe('Waiting for a person to join… Expected wait: about 2 min.');
    cleanup();
    renderBanner('waiting', { status: 'requested' });
    expect(screen.getByRole('status').textContent).toBe('Waiting for a person to join…');
  });

  it('keeps "Talk to a person" in reach while the assistant answers', () => {
    renderBanner('assistant', { status: 'none' });
    expect(screen.getByRole('button', { name: 'Talk to a person' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
  });

  it('lets the visitor end the chat while waiting for a person or talking to one, not once it has ended', () => {
    let ended = 0;
    renderBanner('waiting', { status: 'requested' }, () => ended++);
    fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
    cleanup();
    renderBanner('human', { status: 'connected', agent: { name: 'Maya' } }, () => ended++);
    fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
    expect(ended).toBe(2);
    cleanup();
    renderBanner('closed', { status: 'connected' });
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
  });
});
