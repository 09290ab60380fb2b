import type { Catalog, Register } from '../en.ts';

const pt: Catalog = {
  title: 'Suporte',
  launcher: 'Fale connosco',
  openChat: 'Abrir chat',
  closeChat: 'Fechar chat',
  unread: '{count} por ler',
  messages: 'Mensagens',
  yourMessage: 'A sua mensagem',
  placeholder: 'Faça uma pergunta…',
  send: 'Enviar',
  you: 'Você',
  assistant: 'Assistente de IA',
  sending: 'A enviar…',
  sent: 'Enviada',
  failed: 'Não enviada.',
  retry: 'Tentar de novo',
  incomplete: 'Esta resposta foi interrompida.',
  typing: '{name} está a escrever…',
  newMessages: 'Novas mensagens',
  sources: 'Fontes',
  talkToPerson: 'Falar com uma pessoa',
  endChat: 'Encerrar a conversa',
  modeAssistant: 'Está a conversar com o nosso assistente de IA.',
  modeWaiting: 'À espera de uma pessoa…',
  expectedWait: 'Espera estimada: cerca de {minutes} min.',
  modeHuman: '{name}, da nossa equipa, juntou-se à conversa.',
  modeUnavailable: 'Não há ninguém disponível agora. Deixe o seu email e responderemos.',
  modeClosed: 'Esta conversa terminou.',
  offline: 'Ligação perdida. As suas mensagens serão enviadas quando voltar.',
  email: 'O seu email',
  emailInvalid: 'Introduza um email válido.',
  contactMessage: 'Mais alguma coisa? (opcional)',
  contactSend: 'Pedir resposta',
  contactSent: 'Obrigado. Responderemos por email.',
  contactSaved: 'Obrigado. O seu endereço ficou guardado para a nossa equipa o ver quando voltar.',
  contactFailed: 'Não foi possível enviar. Tente de novo.',
  ratePrompt: 'Como correu?',
  rate: 'Avaliar com {score} de 5',
  rated: 'Obrigado pela sua opinião!',
  rating1: 'Muito mau',
  rating2: 'Mau',
  rating3: 'Razoável',
  rating4: 'Bom',
  rating5: 'Excelente',
  replyMinutes: 'Costumamos responder em poucos minutos.',
  replyHours: 'Costumamos responder em poucas horas.',
  replyDay: 'Costumamos responder no prazo de um dia.',
  hoursLabel: 'Horário: {hours}',
  noticeHumanRequested: 'Claro. Uma pessoa da nossa equipa vem a caminho; verá tudo o que escreveu aqui.',
  noticeUnsure:
    'Não tenho certeza suficiente para responder bem, por isso vem uma pessoa da nossa equipa. Verá esta conversa, não precisará de repetir nada.',
  noticeUpset: 'Lamento muito. Vem uma pessoa da nossa equipa que pode resolver isto; verá tudo o que escreveu aqui.',
  noticeUnavailable:
    'Uma pessoa da nossa equipa deveria ajudar com isto, mas de momento ninguém está disponível.{backAt} Deixe o seu email e responderemos assim que possível.',
  noticeBackAt: ' Voltamos {time}.',
  noticeBusy:
    'Desculpe, o nosso assistente está sobrecarregado e não conseguiu responder. Tente de novo daqui a um minuto ou escolha «{talk}».',
  noticeTimeout:
    'Desculpe, a resposta estava a demorar demasiado e foi interrompida. Pergunte de novo ou escolha «{talk}».',
  noticeCutOff:
    'Desculpe, a resposta foi cortada e está incompleta: não confie nela. Pergunte de novo ou escolha «{talk}».',
  noticeFailed: 'Desculpe, não foi possível terminar a resposta. Pergunte de novo ou escolha «{talk}».',
  attachFile: 'Anexar uma imagem ou um PDF',
  takePhoto: 'Tirar uma fotografia',
  removeFile: 'Remover {name}',
  openFile: 'Abrir {name}',
  downloadFile: 'Transferir {name}',
  uploading: 'A enviar {name}',
  fileTooLarge: '{name} é demasiado grande: um ficheiro pode ter no máximo {limit} MB.',
  fileTypeNotAllowed: '{name} não pode ser enviado: só imagens (JPEG, PNG, WebP, GIF) e ficheiros PDF.',
  tooManyFiles: 'Uma mensagem pode levar no máximo {count} ficheiros.',
  conversationFileLimit: 'Esta conversa atingiu o limite de {count} ficheiros.',
  fileUnavailable: 'Este ficheiro já não está disponível.',
  sendFailedTooLarge: 'Um ficheiro era demasiado grande para ser enviado.',
  sendFailedType: 'Um ficheiro era de um tipo que não pode ser enviado.',
  sendFailedLimit: 'Esta conversa não aceita mais ficheiros.',
  sendFailedMissing: 'O ficheiro já não está guardado neste navegador: anexe-o novamente, por favor.',
};

/** The register of the catalog above; `otherRegister` holds what changes in the other one. */
export const register: Register = 'formal';

export const otherRegister: Partial<Catalog> = {
  launcher: 'Fala connosco',
  yourMessage: 'A tua mensagem',
  placeholder: 'Faz uma pergunta…',
  you: 'Tu',
  modeAssistant: 'Estás a conversar com o nosso assistente de IA.',
  modeUnavailable: 'Não há ninguém disponível agora. Deixa o teu email e responderemos.',
  offline: 'Ligação perdida. As tuas mensagens serão enviadas quando voltar.',
  email: 'O teu email',
  emailInvalid: 'Introduz um email válido.',
  contactFailed: 'Não foi possível enviar. Tenta de novo.',
  rated: 'Obrigado pela tua opinião!',
  noticeHumanRequested: 'Claro. Uma pessoa da nossa equipa vem a caminho; verá tudo o que escreveste aqui.',
  noticeUnsure:
    'Não tenho certeza suficiente para responder bem, por isso vem uma pessoa da nossa equipa. Verá esta conversa, não precisarás de repetir nada.',
  noticeUpset: 'Lamento muito. Vem uma pessoa da nossa equipa que pode resolver isto; verá tudo o que escreveste aqui.',
  noticeUnavailable:
    'Uma pessoa da nossa equipa deveria ajudar-te com isto, mas de momento ninguém está disponível.{backAt} Deixa o teu email e responderemos assim que possível.',
  noticeBusy:
    'Desculpa, o nosso assistente está sobrecarregado e não conseguiu responder. Tenta de novo daqui a um minuto ou escolhe «{talk}».',
  noticeTimeout:
    'Desculpa, a resposta estava a demorar demasiado e foi interrompida. Pergunta de novo ou escolhe «{talk}».',
  noticeCutOff:
    'Desculpa, a resposta foi cortada e está incompleta: não confies nela. Pergunta de novo ou escolhe «{talk}».',
  noticeFailed: 'Desculpa, não foi possível terminar a resposta. Pergunta de novo ou escolhe «{talk}».',
  sendFailedMissing: 'O ficheiro já não está guardado neste navegador: anexa-o novamente, por favor.',
};

export default pt;
