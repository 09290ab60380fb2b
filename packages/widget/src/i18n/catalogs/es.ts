import type { Catalog, Register } from '../en.ts';

const es: Catalog = {
  title: 'Soporte',
  launcher: 'Chatea con nosotros',
  openChat: 'Abrir chat',
  closeChat: 'Cerrar chat',
  unread: '{count} sin leer',
  messages: 'Mensajes',
  yourMessage: 'Tu mensaje',
  placeholder: 'Haz una pregunta…',
  send: 'Enviar',
  you: 'Tú',
  assistant: 'Asistente de IA',
  sending: 'Enviando…',
  sent: 'Enviado',
  failed: 'No enviado.',
  retry: 'Reintentar',
  incomplete: 'Esta respuesta se cortó.',
  typing: '{name} está escribiendo…',
  newMessages: 'Mensajes nuevos',
  sources: 'Fuentes',
  talkToPerson: 'Hablar con una persona',
  endChat: 'Terminar el chat',
  modeAssistant: 'Estás hablando con nuestro asistente de IA.',
  modeWaiting: 'Esperando a que se una una persona…',
  expectedWait: 'Espera estimada: unos {minutes} min.',
  modeHuman: '{name}, de nuestro equipo, se ha unido.',
  modeUnavailable: 'Ahora no hay nadie disponible. Déjanos tu correo y te responderemos.',
  modeClosed: 'Esta conversación ha terminado.',
  offline: 'Sin conexión. Tus mensajes se enviarán cuando vuelva.',
  email: 'Tu correo electrónico',
  emailInvalid: 'Introduce un correo electrónico válido.',
  contactMessage: '¿Algo más? (opcional)',
  contactSend: 'Pedir respuesta',
  contactSent: 'Gracias. Te responderemos por correo.',
  contactSaved: 'Gracias. Tu dirección queda guardada para que nuestro equipo la vea cuando vuelva.',
  contactFailed: 'No se pudo enviar. Inténtalo de nuevo.',
  ratePrompt: '¿Qué tal lo hicimos?',
  rate: 'Valorar con {score} de 5',
  rated: '¡Gracias por tu opinión!',
  rating1: 'Muy mal',
  rating2: 'Mal',
  rating3: 'Regular',
  rating4: 'Bien',
  rating5: 'Excelente',
  replyMinutes: 'Solemos responder en unos minutos.',
  replyHours: 'Solemos responder en unas horas.',
  replyDay: 'Solemos responder en un día.',
  hoursLabel: 'Horario: {hours}',
  noticeHumanRequested:
    'Por supuesto. Una persona de nuestro equipo viene en camino; verá todo lo que has escrito aquí.',
  noticeUnsure:
    'No estoy lo bastante seguro para responder bien, así que viene una persona de nuestro equipo. Verá esta conversación, no tendrás que repetir nada.',
  noticeUpset:
    'Lo siento mucho. Viene una persona de nuestro equipo que puede resolverlo; verá todo lo que has escrito aquí.',
  noticeUnavailable:
    'Una persona de nuestro equipo debería ayudarte con esto, pero ahora mismo no hay nadie disponible.{backAt} Déjanos tu correo y te responderemos lo antes posible.',
  noticeBackAt: ' Volvemos {time}.',
  noticeBusy:
    'Lo siento, nuestro asistente está saturado y no ha podido responder. Inténtalo de nuevo en un minuto o elige «{talk}».',
  noticeTimeout: 'Lo siento, la respuesta tardaba demasiado y se detuvo. Pregunta de nuevo o elige «{talk}».',
  noticeCutOff:
    'Lo siento, la respuesta se cortó y está incompleta: no te fíes de ella. Pregunta de nuevo o elige «{talk}».',
  noticeFailed: 'Lo siento, no se pudo terminar la respuesta. Pregunta de nuevo o elige «{talk}».',
  attachFile: 'Adjuntar una imagen o un PDF',
  takePhoto: 'Hacer una foto',
  removeFile: 'Quitar {name}',
  openFile: 'Abrir {name}',
  downloadFile: 'Descargar {name}',
  uploading: 'Subiendo {name}',
  fileTooLarge: '{name} es demasiado grande: un archivo puede tener como máximo {limit} MB.',
  fileTypeNotAllowed: '{name} no se puede enviar: solo se admiten imágenes (JPEG, PNG, WebP, GIF) y archivos PDF.',
  tooManyFiles: 'Un mensaje puede llevar como máximo {count} archivos.',
  conversationFileLimit: 'Esta conversación ha llegado a su límite de {count} archivos.',
  fileUnavailable: 'Este archivo ya no está disponible.',
  sendFailedTooLarge: 'Un archivo era demasiado grande para enviarlo.',
  sendFailedType: 'Un archivo era de un tipo que no se puede enviar.',
  sendFailedLimit: 'Esta conversación no admite más archivos.',
  sendFailedMissing: 'El archivo ya no está guardado en este navegador: vuelve a adjuntarlo, por favor.',
};

/** The register of the catalog above; `otherRegister` holds what changes in the other one. */
export const register: Register = 'informal';

export const otherRegister: Partial<Catalog> = {
  launcher: 'Chatee con nosotros',
  yourMessage: 'Su mensaje',
  placeholder: 'Haga una pregunta…',
  you: 'Usted',
  modeAssistant: 'Está hablando con nuestro asistente de IA.',
  modeUnavailable: 'Ahora no hay nadie disponible. Déjenos su correo y le responderemos.',
  offline: 'Sin conexión. Sus mensajes se enviarán cuando vuelva.',
  email: 'Su correo electrónico',
  emailInvalid: 'Introduzca un correo electrónico válido.',
  contactSent: 'Gracias. Le responderemos por correo.',
  contactFailed: 'No se pudo enviar. Inténtelo de nuevo.',
  rated: '¡Gracias por su opinión!',
  noticeHumanRequested:
    'Por supuesto. Una persona de nuestro equipo viene en camino; verá todo lo que ha escrito aquí.',
  noticeUnsure:
    'No estoy lo bastante seguro para responder bien, así que viene una persona de nuestro equipo. Verá esta conversación, no tendrá que repetir nada.',
  noticeUpset:
    'Lo siento mucho. Viene una persona de nuestro equipo que puede resolverlo; verá todo lo que ha escrito aquí.',
  noticeUnavailable:
    'Una persona de nuestro equipo debería ayudarle con esto, pero ahora mismo no hay nadie disponible.{backAt} Déjenos su correo y le responderemos lo antes posible.',
  noticeBusy:
    'Lo siento, nuestro asistente está saturado y no ha podido responder. Inténtelo de nuevo en un minuto o elija «{talk}».',
  noticeTimeout: 'Lo siento, la respuesta tardaba demasiado y se detuvo. Pregunte de nuevo o elija «{talk}».',
  noticeCutOff:
    'Lo siento, la respuesta se cortó y está incompleta: no se fíe de ella. Pregunte de nuevo o elija «{talk}».',
  noticeFailed: 'Lo siento, no se pudo terminar la respuesta. Pregunte de nuevo o elija «{talk}».',
  sendFailedMissing: 'El archivo ya no está guardado en este navegador: vuelva a adjuntarlo, por favor.',
};

export default es;
