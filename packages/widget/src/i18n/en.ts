import { enAttach } from './en-attach.ts';
import { enLauncher } from './en-launcher.ts';

/**
 * The English catalog is the source of truth: every other catalog must have exactly these keys. The words the
 * launcher needs are in tandem.js (en-launcher.ts); the rest arrive with the panel's chunk, which uses them.
 */
export const enPanel = {
  messages: 'Messages',
  yourMessage: 'Your message',
  placeholder: 'Ask a question…',
  send: 'Send',
  attachFile: 'Attach a picture or PDF',
  takePhoto: 'Take a photo',
  you: 'You',
  assistant: 'AI assistant',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent.',
  retry: 'Retry',
  incomplete: 'This answer was cut off.',
  typing: '{name} is typing…',
  newMessages: 'New messages',
  sources: 'Sources',
  talkToPerson: 'Talk to a person',
  endChat: 'End chat',
  modeAssistant: 'You are chatting with our AI assistant.',
  modeWaiting: 'Waiting for a person to join…',
  expectedWait: 'Expected wait: about {minutes} min.',
  modeHuman: '{name} from our team has joined.',
  modeUnavailable: 'Nobody is available right now. Leave your email and we will reply.',
  modeClosed: 'This conversation has ended.',
  offline: 'Connection lost. Your messages will be sent when it is back.',
  email: 'Your email',
  emailInvalid: 'Enter a valid email address.',
  contactMessage: 'Anything to add? (optional)',
  contactSend: 'Request a reply',
  contactSent: 'Thank you. We will reply by email.',
  contactSaved: 'Thank you. Your address is saved for our team to see when they are back.',
  contactFailed: 'That did not go through. Please try again.',
  ratePrompt: 'How did we do?',
  rate: 'Rate {score} out of 5',
  rated: 'Thank you for your feedback!',
  rating1: 'Very poor',
  rating2: 'Poor',
  rating3: 'OK',
  rating4: 'Good',
  rating5: 'Great',
  replyMinutes: 'We usually reply within minutes.',
  replyHours: 'We usually reply within a few hours.',
  replyDay: 'We usually reply within a day.',
  hoursLabel: 'Opening hours: {hours}',
  noticeHumanRequested: 'Of course. A person from our team is on the way; they will see everything you wrote here.',
  noticeUnsure:
    'I am not sure enough to answer that well, so a person from our team is on the way. They will see this conversation, so you will not need to repeat yourself.',
  noticeUpset:
    'I am sorry about this. A person from our team who can sort it out is on the way; they will see everything you wrote here.',
  noticeUnavailable:
    'A person from our team should help with this, but nobody is available right now.{backAt} Leave your email and we will reply as soon as we can.',
  noticeBackAt: ' We are back {time}.',
  noticeBusy:
    'Sorry, our assistant is overloaded and could not answer. Please try again in a minute, or choose “{talk}”.',
  noticeTimeout: 'Sorry, the answer took too long, so it was stopped. Please ask again, or choose “{talk}”.',
  noticeCutOff:
    'Sorry, the answer was cut off and is incomplete: please do not rely on it. Ask again, or choose “{talk}”.',
  noticeFailed: 'Sorry, the answer could not be finished. Please ask again, or choose “{talk}”.',
};

export const en = { ...enLauncher, ...enPanel, ...enAttach };

export type CatalogKey = keyof typeof en;
export type Catalog = Record<CatalogKey, string>;

/** Formal ("Sie", "vous", "usted") or informal ("du", "tu", "tú") address, where a language has both. */
export type Register = 'formal' | 'informal';

/**
 * What `i18n/<language>.ts` exports: the catalog in the language's usual register for a shop, and the keys that
 * change in the other register (a language without registers has none).
 */
export interface LanguageCatalogs {
  register?: Register;
  catalog: Catalog;
  /** Only the keys that address the visitor: everything else is shared. */
  otherRegister?: Partial<Catalog>;
}
