import { describe, expect, it } from 'vitest';
import { htmlToText, stripQuotedHistory } from './strip-quoted.ts';

describe('stripping quoted history from an email reply', () => {
  it('cuts at a Gmail attribution, even one wrapped over two lines', () => {
    expect(
      stripQuotedHistory(
        'Refund sent.\n\nOn Mon, 5 Jan 2026 at 10:00, Tandem <handoff@shop.example> wrote:\n> Customer: where is it?',
      ),
    ).toBe('Refund sent.');
    expect(
      stripQuotedHistory(
        'Refund sent.\n\nOn Mon, 5 Jan 2026 at 10:00, Tandem Support Handoff <handoff@shop.example>\nwrote:\n> quoted',
      ),
    ).toBe('Refund sent.');
  });

  it('cuts at attributions in other languages', () => {
    expect(stripQuotedHistory('Erledigt.\nAm 05.01.2026 um 10:00 schrieb Tandem <h@shop.example>:\n> alt')).toBe(
      'Erledigt.',
    );
    expect(
      stripQuotedHistory("C'est fait.\nLe lun. 5 janv. 2026 à 10:00, Tandem <h@shop.example> a écrit :\n> ancien"),
    ).toBe("C'est fait.");
  });

  it('cuts at an Outlook original-message separator and at an Outlook From/Sent header block', () => {
    expect(stripQuotedHistory('Done.\r\n\r\n-----Original Message-----\r\nFrom: Tandem\r\nSent: Monday')).toBe('Done.');
    expect(
      stripQuotedHistory(
        'Done.\n\n________________________________\nFrom: Tandem <h@shop.example>\nSent: Monday, January 5, 2026 10:00\nTo: Support',
      ),
    ).toBe('Done.');
    expect(stripQuotedHistory('Done.\n\nFrom: Tandem <h@shop.example>\nDate: Monday\nSubject: Handoff')).toBe('Done.');
  });

  it('keeps a line that merely starts with "From:" when no header block follows', () => {
    expect(stripQuotedHistory('From: the warehouse, your parcel left today.\nIt arrives Friday.')).toBe(
      'From: the warehouse, your parcel left today.\nIt arrives Friday.',
    );
  });

  it('drops "> " quoted lines, including interleaved ones, and keeps the answers', () => {
    expect(stripQuotedHistory('> Where is my parcel?\nIt left today.\n> Can I get a refund?\nYes, sent.')).toBe(
      'It left today.\nYes, sent.',
    );
  });

  it('drops the signature after "-- " and mobile signatures', () => {
    expect(stripQuotedHistory('Refund sent.\n\n-- \nGrace Hopper\nSupport lead')).toBe('Refund sent.');
    expect(stripQuotedHistory('Refund sent.\n\nSent from my iPhone')).toBe('Refund sent.');
  });

  it('returns an empty reply when there is nothing new', () => {
    expect(stripQuotedHistory('> only quoted\n> lines')).toBe('');
  });
});

describe('reading an HTML-only email', () => {
  it('keeps the text and line breaks, decodes entities and drops quoted blocks', () => {
    expect(
      htmlToText('<div>Refund &amp; apology<br>sent</div><blockquote>old thread</blockquote><style>p{}</style>').trim(),
    ).toBe('Refund & apology\nsent');
  });
});
