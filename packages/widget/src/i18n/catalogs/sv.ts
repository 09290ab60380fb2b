import type { Catalog, Register } from '../en.ts';

const sv: Catalog = {
  title: 'Support',
  launcher: 'Chatta med oss',
  openChat: 'Öppna chatten',
  closeChat: 'Stäng chatten',
  unread: '{count} olästa',
  messages: 'Meddelanden',
  yourMessage: 'Ditt meddelande',
  placeholder: 'Ställ en fråga…',
  send: 'Skicka',
  you: 'Du',
  assistant: 'AI-assistent',
  sending: 'Skickar…',
  sent: 'Skickat',
  failed: 'Inte skickat.',
  retry: 'Försök igen',
  incomplete: 'Svaret avbröts.',
  typing: '{name} skriver…',
  newMessages: 'Nya meddelanden',
  sources: 'Källor',
  talkToPerson: 'Prata med en person',
  endChat: 'Avsluta chatten',
  modeAssistant: 'Du chattar med vår AI-assistent.',
  modeWaiting: 'Väntar på att en person ska ansluta…',
  expectedWait: 'Beräknad väntetid: cirka {minutes} min.',
  modeHuman: '{name} från vårt team har anslutit.',
  modeUnavailable: 'Ingen är tillgänglig just nu. Lämna din e-post så svarar vi.',
  modeClosed: 'Samtalet är avslutat.',
  offline: 'Anslutningen bröts. Dina meddelanden skickas när den är tillbaka.',
  email: 'Din e-post',
  emailInvalid: 'Ange en giltig e-postadress.',
  contactMessage: 'Något mer? (valfritt)',
  contactSend: 'Be om svar',
  contactSent: 'Tack. Vi svarar via e-post.',
  contactSaved: 'Tack. Din adress är sparad så att vårt team ser den när de är tillbaka.',
  contactFailed: 'Det gick inte att skicka. Försök igen.',
  ratePrompt: 'Hur gick det?',
  rate: 'Betygsätt {score} av 5',
  rated: 'Tack för ditt omdöme!',
  rating1: 'Mycket dåligt',
  rating2: 'Dåligt',
  rating3: 'Okej',
  rating4: 'Bra',
  rating5: 'Utmärkt',
  replyMinutes: 'Vi svarar oftast inom några minuter.',
  replyHours: 'Vi svarar oftast inom några timmar.',
  replyDay: 'Vi svarar oftast inom en dag.',
  hoursLabel: 'Öppettider: {hours}',
  noticeHumanRequested: 'Självklart. En person från vårt team är på väg; hen ser allt du har skrivit här.',
  noticeUnsure:
    'Jag är inte tillräckligt säker för att svara bra, så en person från vårt team är på väg. Hen ser samtalet, du behöver inte upprepa något.',
  noticeUpset: 'Jag beklagar. En person från vårt team som kan lösa det är på väg; hen ser allt du har skrivit här.',
  noticeUnavailable:
    'En person från vårt team borde hjälpa dig med detta, men ingen är tillgänglig just nu.{backAt} Lämna din e-postadress så svarar vi så snart vi kan.',
  noticeBackAt: ' Vi är tillbaka {time}.',
  noticeBusy:
    'Tyvärr är vår assistent överbelastad och kunde inte svara. Försök igen om en minut, eller välj ”{talk}”.',
  noticeTimeout: 'Tyvärr tog svaret för lång tid och avbröts. Fråga igen, eller välj ”{talk}”.',
  noticeCutOff: 'Tyvärr bröts svaret av och är ofullständigt: lita inte på det. Fråga igen, eller välj ”{talk}”.',
  noticeFailed: 'Tyvärr kunde svaret inte slutföras. Fråga igen, eller välj ”{talk}”.',
};

/** The register of the catalog above; `otherRegister` holds what changes in the other one. */
export const register: Register = 'informal';

export const otherRegister: Partial<Catalog> = {
  yourMessage: 'Ert meddelande',
  you: 'Ni',
  modeAssistant: 'Ni chattar med vår AI-assistent.',
  modeUnavailable: 'Ingen är tillgänglig just nu. Lämna er e-post så svarar vi.',
  offline: 'Anslutningen bröts. Era meddelanden skickas när den är tillbaka.',
  email: 'Er e-post',
  rated: 'Tack för ert omdöme!',
  noticeHumanRequested: 'Självklart. En person från vårt team är på väg; hen ser allt ni har skrivit här.',
  noticeUnsure:
    'Jag är inte tillräckligt säker för att svara bra, så en person från vårt team är på väg. Hen ser samtalet, ni behöver inte upprepa något.',
  noticeUpset: 'Jag beklagar. En person från vårt team som kan lösa det är på väg; hen ser allt ni har skrivit här.',
  noticeUnavailable:
    'En person från vårt team borde hjälpa er med detta, men ingen är tillgänglig just nu.{backAt} Lämna er e-postadress så svarar vi så snart vi kan.',
};

export default sv;
