import type { Catalog, Register } from '../en.ts';

const fr: Catalog = {
  title: 'Assistance',
  launcher: 'Discutez avec nous',
  openChat: 'Ouvrir le chat',
  closeChat: 'Fermer le chat',
  unread: '{count} non lus',
  messages: 'Messages',
  yourMessage: 'Votre message',
  placeholder: 'Posez une question…',
  send: 'Envoyer',
  you: 'Vous',
  assistant: 'Assistant IA',
  sending: 'Envoi…',
  sent: 'Envoyé',
  failed: 'Non envoyé.',
  retry: 'Réessayer',
  incomplete: 'Cette réponse a été interrompue.',
  typing: '{name} écrit…',
  newMessages: 'Nouveaux messages',
  sources: 'Sources',
  talkToPerson: 'Parler à une personne',
  endChat: 'Terminer la discussion',
  modeAssistant: 'Vous discutez avec notre assistant IA.',
  modeWaiting: 'En attente d’une personne…',
  expectedWait: 'Attente estimée : environ {minutes} min.',
  modeHuman: '{name}, de notre équipe, a rejoint la conversation.',
  modeUnavailable: 'Personne n’est disponible pour le moment. Laissez votre e-mail, nous vous répondrons.',
  modeClosed: 'Cette conversation est terminée.',
  offline: 'Connexion perdue. Vos messages partiront dès son retour.',
  email: 'Votre e-mail',
  emailInvalid: 'Saisissez une adresse e-mail valide.',
  contactMessage: 'Autre chose ? (facultatif)',
  contactSend: 'Demander une réponse',
  contactSent: 'Merci. Nous vous répondrons par e-mail.',
  contactSaved: 'Merci. Votre adresse est enregistrée ; notre équipe la verra à son retour.',
  contactFailed: 'L’envoi a échoué. Veuillez réessayer.',
  ratePrompt: 'Comment nous évaluez-vous ?',
  rate: 'Noter {score} sur 5',
  rated: 'Merci pour votre avis !',
  rating1: 'Très mauvais',
  rating2: 'Mauvais',
  rating3: 'Correct',
  rating4: 'Bien',
  rating5: 'Excellent',
  replyMinutes: 'Nous répondons généralement en quelques minutes.',
  replyHours: 'Nous répondons généralement en quelques heures.',
  replyDay: 'Nous répondons généralement sous un jour.',
  hoursLabel: 'Horaires : {hours}',
  noticeHumanRequested: 'Bien sûr. Une personne de notre équipe arrive ; elle verra tout ce que vous avez écrit ici.',
  noticeUnsure:
    'Je ne suis pas assez sûr pour bien répondre, une personne de notre équipe arrive donc. Elle verra cette conversation, vous n’aurez rien à répéter.',
  noticeUpset:
    'Je suis désolé. Une personne de notre équipe qui pourra régler cela arrive ; elle verra tout ce que vous avez écrit ici.',
  noticeUnavailable:
    'Une personne de notre équipe devrait vous aider, mais personne n’est disponible pour le moment.{backAt} Laissez votre e-mail et nous vous répondrons dès que possible.',
  noticeBackAt: ' Nous serons de retour {time}.',
  noticeBusy:
    'Désolé, notre assistant est surchargé et n’a pas pu répondre. Réessayez dans une minute ou choisissez « {talk} ».',
  noticeTimeout:
    'Désolé, la réponse prenait trop de temps et a été arrêtée. Reposez la question ou choisissez « {talk} ».',
  noticeCutOff:
    'Désolé, la réponse a été coupée et elle est incomplète : ne vous y fiez pas. Reposez la question ou choisissez « {talk} ».',
  noticeFailed: 'Désolé, la réponse n’a pas pu être terminée. Reposez la question ou choisissez « {talk} ».',
  attachFile: 'Joindre une image ou un PDF',
  takePhoto: 'Prendre une photo',
  removeFile: 'Retirer {name}',
  openFile: 'Ouvrir {name}',
  downloadFile: 'Télécharger {name}',
  uploading: 'Envoi de {name}',
  fileTooLarge: '{name} est trop volumineux : un fichier peut faire au plus {limit} Mo.',
  fileTypeNotAllowed:
    '{name} ne peut pas être envoyé : seuls les images (JPEG, PNG, WebP, GIF) et les PDF sont acceptés.',
  tooManyFiles: 'Un message peut porter au plus {count} fichiers.',
  conversationFileLimit: 'Cette conversation a atteint sa limite de {count} fichiers.',
  fileUnavailable: "Ce fichier n'est plus disponible.",
  sendFailedTooLarge: 'Un fichier était trop volumineux pour être envoyé.',
  sendFailedType: "Un fichier était d'un type qui ne peut pas être envoyé.",
  sendFailedLimit: "Cette conversation n'accepte plus de fichiers.",
  sendFailedMissing: "Le fichier n'est plus enregistré dans ce navigateur : veuillez le joindre à nouveau.",
};

/** The register of the catalog above; `otherRegister` holds what changes in the other one. */
export const register: Register = 'formal';

export const otherRegister: Partial<Catalog> = {
  launcher: 'Discute avec nous',
  yourMessage: 'Ton message',
  placeholder: 'Pose une question…',
  you: 'Toi',
  modeAssistant: 'Tu discutes avec notre assistant IA.',
  modeUnavailable: 'Personne n’est disponible pour le moment. Laisse ton e-mail, nous te répondrons.',
  offline: 'Connexion perdue. Tes messages partiront dès son retour.',
  email: 'Ton e-mail',
  emailInvalid: 'Saisis une adresse e-mail valide.',
  contactSent: 'Merci. Nous te répondrons par e-mail.',
  contactFailed: 'L’envoi a échoué. Réessaie.',
  ratePrompt: 'Comment nous évalues-tu ?',
  rated: 'Merci pour ton avis !',
  noticeHumanRequested: 'Bien sûr. Une personne de notre équipe arrive ; elle verra tout ce que tu as écrit ici.',
  noticeUnsure:
    'Je ne suis pas assez sûr pour bien répondre, une personne de notre équipe arrive donc. Elle verra cette conversation, tu n’auras rien à répéter.',
  noticeUpset:
    'Je suis désolé. Une personne de notre équipe qui pourra régler cela arrive ; elle verra tout ce que tu as écrit ici.',
  noticeUnavailable:
    'Une personne de notre équipe devrait t’aider, mais personne n’est disponible pour le moment.{backAt} Laisse ton e-mail et nous te répondrons dès que possible.',
  noticeBusy:
    'Désolé, notre assistant est surchargé et n’a pas pu répondre. Réessaie dans une minute ou choisis « {talk} ».',
  noticeTimeout: 'Désolé, la réponse prenait trop de temps et a été arrêtée. Repose la question ou choisis « {talk} ».',
  noticeCutOff:
    'Désolé, la réponse a été coupée et elle est incomplète : ne t’y fie pas. Repose la question ou choisis « {talk} ».',
  noticeFailed: 'Désolé, la réponse n’a pas pu être terminée. Repose la question ou choisis « {talk} ».',
  sendFailedMissing: "Le fichier n'est plus enregistré dans ce navigateur : joins-le à nouveau.",
};

export default fr;
