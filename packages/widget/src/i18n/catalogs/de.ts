import type { Catalog, Register } from '../en.ts';

const de: Catalog = {
  title: 'Support',
  launcher: 'Chatte mit uns',
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  unread: '{count} ungelesen',
  messages: 'Nachrichten',
  yourMessage: 'Deine Nachricht',
  placeholder: 'Stell eine Frage…',
  send: 'Senden',
  you: 'Du',
  assistant: 'KI-Assistent',
  sending: 'Wird gesendet…',
  sent: 'Gesendet',
  failed: 'Nicht gesendet.',
  retry: 'Erneut senden',
  incomplete: 'Diese Antwort wurde abgebrochen.',
  typing: '{name} schreibt…',
  newMessages: 'Neue Nachrichten',
  sources: 'Quellen',
  talkToPerson: 'Mit einem Menschen sprechen',
  endChat: 'Chat beenden',
  modeAssistant: 'Du chattest mit unserem KI-Assistenten.',
  modeWaiting: 'Warte auf eine Person aus dem Team…',
  expectedWait: 'Voraussichtliche Wartezeit: etwa {minutes} Min.',
  modeHuman: '{name} aus unserem Team ist jetzt da.',
  modeUnavailable: 'Gerade ist niemand erreichbar. Hinterlasse deine E-Mail, wir antworten dir.',
  modeClosed: 'Dieses Gespräch ist beendet.',
  offline: 'Verbindung unterbrochen. Deine Nachrichten werden gesendet, sobald sie wieder steht.',
  email: 'Deine E-Mail-Adresse',
  emailInvalid: 'Gib eine gültige E-Mail-Adresse ein.',
  contactMessage: 'Noch etwas? (optional)',
  contactSend: 'Antwort anfordern',
  contactSent: 'Danke. Wir antworten per E-Mail.',
  contactSaved: 'Danke. Deine Adresse ist gespeichert; unser Team sieht sie, sobald es wieder da ist.',
  contactFailed: 'Das hat nicht geklappt. Bitte versuch es noch einmal.',
  ratePrompt: 'Wie war unsere Hilfe?',
  rate: 'Mit {score} von 5 bewerten',
  rated: 'Danke für deine Bewertung!',
  rating1: 'Sehr schlecht',
  rating2: 'Schlecht',
  rating3: 'Okay',
  rating4: 'Gut',
  rating5: 'Sehr gut',
  replyMinutes: 'Wir antworten meist innerhalb weniger Minuten.',
  replyHours: 'Wir antworten meist innerhalb weniger Stunden.',
  replyDay: 'Wir antworten meist innerhalb eines Tages.',
  hoursLabel: 'Erreichbar: {hours}',
  noticeHumanRequested:
    'Natürlich. Eine Person aus unserem Team kommt dazu; sie sieht alles, was du hier geschrieben hast.',
  noticeUnsure:
    'Da bin ich mir nicht sicher genug, deshalb kommt eine Person aus unserem Team dazu. Sie sieht dieses Gespräch, du musst nichts wiederholen.',
  noticeUpset:
    'Das tut mir leid. Eine Person aus unserem Team, die das klären kann, kommt dazu; sie sieht alles, was du hier geschrieben hast.',
  noticeUnavailable:
    'Hier sollte eine Person aus unserem Team helfen, aber gerade ist niemand erreichbar.{backAt} Hinterlasse deine E-Mail-Adresse, wir antworten dir so bald wie möglich.',
  noticeBackAt: ' Wir sind {time} wieder da.',
  noticeBusy:
    'Unser Assistent ist gerade überlastet und konnte nicht antworten. Versuch es in einer Minute noch einmal oder wähle „{talk}“.',
  noticeTimeout: 'Die Antwort hat zu lange gedauert und wurde abgebrochen. Frag bitte noch einmal oder wähle „{talk}“.',
  noticeCutOff:
    'Die Antwort wurde abgeschnitten und ist unvollständig: Verlass dich bitte nicht darauf. Frag noch einmal oder wähle „{talk}“.',
  noticeFailed: 'Die Antwort konnte nicht beendet werden. Frag bitte noch einmal oder wähle „{talk}“.',
  attachFile: 'Bild oder PDF anhängen',
  takePhoto: 'Foto aufnehmen',
  removeFile: '{name} entfernen',
  openFile: '{name} öffnen',
  downloadFile: '{name} herunterladen',
  uploading: '{name} wird hochgeladen',
  fileTooLarge: '{name} ist zu groß: Eine Datei darf höchstens {limit} MB haben.',
  fileTypeNotAllowed: '{name} kann nicht gesendet werden: Nur Bilder (JPEG, PNG, WebP, GIF) und PDF-Dateien gehen.',
  tooManyFiles: 'Mit einer Nachricht gehen höchstens {count} Dateien.',
  conversationFileLimit: 'Dieses Gespräch hat seine Grenze von {count} Dateien erreicht.',
  fileUnavailable: 'Diese Datei ist nicht mehr verfügbar.',
  sendFailedTooLarge: 'Eine Datei war zu groß zum Senden.',
  sendFailedType: 'Eine Datei hatte einen Typ, der nicht gesendet werden kann.',
  sendFailedLimit: 'Dieses Gespräch kann keine weiteren Dateien aufnehmen.',
  sendFailedMissing: 'Die Datei ist in diesem Browser nicht mehr gespeichert: Häng sie bitte noch einmal an.',
};

/** The register of the catalog above; `otherRegister` holds what changes in the other one. */
export const register: Register = 'informal';

export const otherRegister: Partial<Catalog> = {
  launcher: 'Chatten Sie mit uns',
  yourMessage: 'Ihre Nachricht',
  placeholder: 'Stellen Sie eine Frage…',
  you: 'Sie',
  modeAssistant: 'Sie chatten mit unserem KI-Assistenten.',
  modeUnavailable: 'Gerade ist niemand erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten Ihnen.',
  offline: 'Verbindung unterbrochen. Ihre Nachrichten werden gesendet, sobald sie wieder steht.',
  email: 'Ihre E-Mail-Adresse',
  emailInvalid: 'Geben Sie eine gültige E-Mail-Adresse ein.',
  contactFailed: 'Das hat nicht geklappt. Bitte versuchen Sie es noch einmal.',
  rated: 'Danke für Ihre Bewertung!',
  noticeHumanRequested:
    'Natürlich. Eine Person aus unserem Team kommt dazu; sie sieht alles, was Sie hier geschrieben haben.',
  noticeUnsure:
    'Da bin ich mir nicht sicher genug, deshalb kommt eine Person aus unserem Team dazu. Sie sieht dieses Gespräch, Sie müssen nichts wiederholen.',
  noticeUpset:
    'Das tut mir leid. Eine Person aus unserem Team, die das klären kann, kommt dazu; sie sieht alles, was Sie hier geschrieben haben.',
  noticeUnavailable:
    'Hier sollte eine Person aus unserem Team helfen, aber gerade ist niemand erreichbar.{backAt} Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten Ihnen so bald wie möglich.',
  noticeBusy:
    'Unser Assistent ist gerade überlastet und konnte nicht antworten. Versuchen Sie es in einer Minute noch einmal oder wählen Sie „{talk}“.',
  noticeTimeout:
    'Die Antwort hat zu lange gedauert und wurde abgebrochen. Fragen Sie bitte noch einmal oder wählen Sie „{talk}“.',
  noticeCutOff:
    'Die Antwort wurde abgeschnitten und ist unvollständig: Verlassen Sie sich bitte nicht darauf. Fragen Sie noch einmal oder wählen Sie „{talk}“.',
  noticeFailed: 'Die Antwort konnte nicht beendet werden. Fragen Sie bitte noch einmal oder wählen Sie „{talk}“.',
  sendFailedMissing: 'Die Datei ist in diesem Browser nicht mehr gespeichert: Hängen Sie sie bitte noch einmal an.',
};

export default de;
