/**
 * How visitors ask for a person, per widget language, in the phrase language of phrase-pattern.ts.
 * A request needs a way of asking (talk to, connect me, I want) AND a word for a person, so questions
 * that merely mention one ("is a person required to sign for the parcel?") do not count.
 */
export interface HumanRequestLexicon {
  /** Patterns that are a request for a person wherever they occur. */
  requests: string[];
  /** Words that, before a request, turn it around ("I don't need to talk to a person"). */
  negations: string[];
  /** Words that, with a negation, mean "no need" rather than "why can't I" (which is still a request). */
  needs: string[];
  /** Words for a person that alone, or with fillers only, are a request ("Agent!", "human please"). */
  people: string[];
  /** Words that may stand beside those in a bare request: please, now, a, real. */
  fillers: string[];
}

const EN_PEOPLE =
  'human|humans|person|people|agent|agents|representative|representatives|rep|reps|operator|operators|someone|somebody|anyone|anybody|staff|employee|manager|supervisor|advisor|adviser|associate|specialist|member|department|dept|desk|boss';
const EN_STRONG = 'human|humans|agent|agents|representative|rep|operator|manager|supervisor|advisor|adviser';
const EN_TEAM = 'customer service|support|care|team';

const ES_PEOPLE =
  'persona|personas|humano|humana|humanos|agente|agentes|asesor|asesora|asesores|operador|operadora|representante|ejecutivo|ejecutiva|empleado|empleada|alguien|supervisor|gerente|encargado|encargada|especialista|responsable';
const ES_STRONG =
  'humano|humana|agente|asesor|asesora|operador|operadora|representante|ejecutivo|ejecutiva|supervisor|gerente';

const DE_PEOPLE =
  'mensch|menschen|*mitarbeiter*|*berater*|person|jemand|jemandem|jemanden|agent|agenten|*ansprechpartner*|*sachbearbeiter*|kundendienst|kundenservice|kundensupport|vorgesetzte*|supervisor|support|team|personlich';
const DE_STRONG =
  'mensch|menschen|*mitarbeiter*|*berater*|agent|agenten|*ansprechpartner*|*sachbearbeiter*|vorgesetzte*|supervisor';

const FR_PEOPLE =
  'conseiller|conseillere|conseillers|personne|humain|humaine|humains|agent|agents|operateur|operatrice|quelqu|interlocuteur|interlocutrice|responsable|employe|employee|technicien|superviseur|service';
const FR_STRONG =
  'conseiller|conseillere|humain|humaine|agent|operateur|operatrice|interlocuteur|responsable|superviseur';

const SV_PEOPLE =
  'manniska|manniskor|person|personal|*handlaggare|*handlaggaren|kundtjanst|kundtjansten|*medarbetare|*medarbetaren|agent|nagon|kundservice|support|supporten|chef|ansvarig|*radgivare|operator';
const SV_STRONG = 'manniska|*handlaggare|*handlaggaren|kundtjanst|*medarbetare|*medarbetaren|agent|*radgivare|operator';

const PT_PEOPLE =
  'atendente|atendentes|pessoa|pessoas|humano|humana|agente|agentes|operador|operadora|representante|alguem|consultor|consultora|funcionario|funcionaria|supervisor|gerente|especialista|responsavel';
const PT_STRONG =
  'atendente|humano|humana|agente|operador|operadora|representante|consultor|consultora|supervisor|gerente';

const AR_VERBS =
  'التحدث|اتحدث|نتحدث|يتحدث|تحدث|التكلم|اتكلم|نتكلم|تكلم|اكلم|يكلم|كلم|احكي|نحكي|التواصل|اتواصل|تواصل|حولني|حولوني|حولني|وصلني|وصلوني|تحويلي|التحويل|اوصل|الحديث|مكالمه|محادثه';
const AR_PEOPLE = 'شخص|موظف|موظفه|انسان|بشري|بشر|حد|حدا|احد|ممثل|وكيل|مسوول|مندوب|خدمه|الدعم|مشرف|مدير';
const AR_STRONG = 'موظف|موظفه|انسان|بشري|ممثل|وكيل|مسوول|مندوب|مشرف|مدير';

export const HUMAN_REQUEST_LEXICONS: Record<string, HumanRequestLexicon> = {
  en: {
    requests: [
      `talk|speak|chat|converse|communicate to|with .. ${EN_PEOPLE}`,
      `talk|speak|chat to|with .. ${EN_TEAM}`,
      `appreciate|prefer|like|love|mind speaking|talking|chatting to|with .. ${EN_PEOPLE}`,
      `connect|transfer|put|pass|forward|route|switch|send|redirect me .. to|with|w|through .. ${EN_PEOPLE}`,
      `connect|transfer|put|pass|forward|route|switch|redirect me .. to|with .. ${EN_TEAM}`,
      `escalate .. to .. ${EN_PEOPLE}`,
      'escalate this|it|my|me|the',
      'escalated|escalation',
      'can|could|would|will someone|somebody|anyone|anybody .. help me|us',
      `want|need|get|give|prefer|request|requesting .. a|an|the|one|some|your|me|to ${EN_STRONG}`,
      `want|need|get|give|prefer|request|requesting .. real|live|actual|proper ${EN_STRONG}|person|people|someone|somebody`,
      'real|live|actual|proper person|human|humans|people|agent|someone|somebody|representative',
      'is|are there .. human|humans|real|live|actual',
      'is|are there .. anyone|anybody|someone|somebody .. speak|talk|chat',
      'want|need a|an|some|real person|human $',
      'want|need a|an|some|real person|human please|now|asap',
      'want|need a|an|some|real person|human|someone|somebody to help|assist|talk|speak|look|sort|handle|deal',
      `rather|prefer|like|want|need .. deal|work with .. ${EN_PEOPLE}`,
      `reach|contact .. ${EN_STRONG}|person|someone|somebody`,
      `help|assistance|support from .. ${EN_STRONG}|person|someone|somebody`,
      `someone|somebody|anyone|agent|representative|human|person .. call|phone|ring|contact|email me`,
      'call me back',
      // Round 8: "someone who actually works there", "a member of your team" asked to act.
      'someone|somebody|anyone|person who .. work|works|working there|here|for|at',
      'can|could|would|will|may .. member|members|one|someone|somebody of|from .. your|the team|staff|store|shop|company',
      'callback|callbacks',
      'call|phone|ring me back|asap|please|today|tomorrow',
      `transfer|connect|escalate|pass to .. ${EN_STRONG}`,
      `can|could|would|will a|an|one|your .. ${EN_STRONG}|person .. help`,
      'who can|could|should i|we talk|speak|chat to|with',
      'no bot|bots|robot|robots|chatbot|machine|ai $',
      'no bot|bots|robot|robots|chatbot please|thanks',
      'not .. talk|speak|chat .. bot|bots|robot|robots|chatbot|machine|computer|automated|ai',
      'stop|enough .. bot|bots|robot|robots|chatbot|automated',
      'done with .. bot|bots|robot|robots|chatbot|automated',
      'fed up with .. bot|bots|robot|robots|chatbot|automated',
      'no more .. bot|bots|robot|robots|chatbot|automated',
    ],
    negations: ['not', 'no', 'never', 'without', 'nothing', 'neither'],
    needs: ['need', 'needs', 'want', 'wish', 'necessary', 'have', 'required', 'require', 'like'],
    people: EN_STRONG.split('|').concat(['person', 'someone', 'somebody', 'human']),
    fillers: [
      'a|an|the|real|live|actual|please|pls|plz|now|asap|i|want|need|me|get|give|just|only|ok|okay|hello|hi|hey|speak|talk|to|with|can|could|a|some|one|your|you',
    ],
  },
  es: {
    requests: [
      `hablar|hablo|habla|comunicarme|comunicarnos|contactar|chatear|platicar|conversar|hable .. con .. ${ES_PEOPLE}`,
      `con .. ser humano`,
      `pasame|paseme|pasar|pasarme|pase|transfiereme|transfierame|transferir|transferirme|comunicame|comuniqueme|conectame|conecteme|conectar|conectarme|derivame|derivar|derivarme|ponme|pongame .. con|a .. ${ES_PEOPLE}`,
      `quiero|necesito|deseo|dame|deme|quisiera|prefiero|solicito|pido .. ${ES_STRONG}`,
      'persona|humano|agente|alguien real|humana|verdadera|viva',
      'persona|alguien de verdad|carne',
      `atender|atienda|atiende|atenderme .. ${ES_PEOPLE}`,
      `atendid*|atencion por .. ${ES_PEOPLE}`,
      'alguien .. ayudar|ayude|ayudarme|atender|atenderme',
      'alguien con quien .. hablar|comunicarme',
      'con quien .. hablar|hablo|comunicarme|comunico',
      `ayuda de .. ${ES_STRONG}|persona`,
      'alguien .. llamar|llame|llamarme|llama',
      'llamenme|llameme|llamadme',
      'atencion humana|personal|personalizada',
      'no .. hablar|quiero .. bot|robot|maquina|chatbot',
    ],
    negations: ['no', 'nunca', 'ni', 'sin', 'tampoco'],
    needs: ['necesito', 'necesario', 'quiero', 'quisiera', 'hace', 'falta', 'hay', 'tengo', 'requiere', 'deseo'],
    people: ES_STRONG.split('|').concat(['persona', 'humano']),
    fillers: ['un|una|el|la|por|favor|ya|ahora|quiero|necesito|real|hablar|con|hola|porfa|porfavor|de|verdad'],
  },
  de: {
    requests: [
      `mit .. ${DE_PEOPLE} .. sprechen|reden|chatten|verbinden|verbunden|telefonieren|schreiben|kontakt|sprache`,
      `sprechen|reden|chatten|verbinden|verbindet|verbunden .. mit .. ${DE_PEOPLE}`,
      `will|mochte|brauche|hatte|bitte|wunsche|verlange .. ${DE_STRONG}`,
      'echten|echter|echte|richtigen|richtiger|lebenden .. mensch|menschen|person|mitarbeiter*|ansprechpartner*',
      `zu|an .. ${DE_STRONG} .. durch|durchstellen|weiter*|verbinden`,
      'jemand .. helfen',
      'mit wem .. sprechen|reden|chatten',
      `${DE_STRONG} .. erreiche|erreicht|erreichen|kontaktiere`,
      `hilfe von .. ${DE_STRONG}`,
      'jemand .. anrufen|zuruckrufen',
      'ruckruf|zuruckrufen',
      'rufen sie mich .. an|zuruck',
      `${DE_STRONG} .. erreichen|kontaktieren|sprechen`,
      'jemand|jemanden|jemandem .. sprechen|reden|chatten',
      'kein* .. bot|bots|roboter|maschine|chatbot|computer',
      'nicht .. mit .. bot|roboter|maschine|chatbot|computer',
    ],
    negations: ['nicht', 'kein', 'keine', 'keinen', 'nie', 'ohne'],
    needs: ['brauche', 'muss', 'will', 'mochte', 'notig', 'notwendig', 'erforderlich', 'wunsche'],
    people: DE_STRONG.split('|').concat(['person']),
    fillers: ['ein|einen|einem|eine|einer|bitte|jetzt|sofort|ich|will|mochte|echten|echter|mit|sprechen|hallo|den|der'],
  },
  fr: {
    requests: [
      `parler|parle|discuter|echanger|dialoguer a|au|avec .. ${FR_PEOPLE}`,
      `relation avec .. ${FR_PEOPLE}`,
      `passer|passez|passe|transferer|transferez|transfere|rediriger|redirigez|redirige|orienter|orientez|mettre|mettez|mets|connecter|connectez .. a|au|avec|vers .. ${FR_STRONG}`,
      `veux|voudrais|souhaite|souhaiterais|aimerais|besoin|exige|demande .. ${FR_STRONG}`,
      'vrai|vraie|veritable .. humain|humaine|personne|conseiller|conseillere|interlocuteur',
      `joindre|contacter|avoir .. ${FR_STRONG}`,
      `passez|passe|passer|mettez|donnez moi .. ${FR_STRONG}`,
      'quelqu .. aider',
      'a qui .. parler|adresser|m adresser',
      `aide .. ${FR_STRONG}`,
      'personne pour .. aider|repondre',
      `contact avec .. ${FR_PEOPLE}`,
      'rappeler|rappelez|rappelle moi',
      'me rappeler|rappeller',
      'quelqu .. rappeler|appeler|rappelle',
      'joindre|contacter .. service client',
      'pas .. robot|bot|machine|chatbot|automate',
    ],
    negations: ['ne', 'n', 'pas', 'jamais', 'sans', 'aucun', 'aucune'],
    needs: ['besoin', 'veux', 'voudrais', 'souhaite', 'faut', 'necessaire', 'oblige', 'inutile'],
    people: FR_STRONG.split('|').concat(['personne']),
    fillers: [
      'un|une|le|la|s|il|vous|plait|svp|maintenant|je|veux|voudrais|vrai|vraie|parler|a|avec|bonjour|tout|de|suite',
    ],
  },
  sv: {
    requests: [
      `prata|tala|snacka|chatta med .. ${SV_PEOPLE}`,
      `koppla|kopplas|kopplad|vidarekoppla|skicka|flytta .. till|med .. ${SV_PEOPLE}`,
      `vill|behover|onskar|kan .. ${SV_STRONG}`,
      'riktig|verklig|levande|akta .. manniska|person|medarbetare|handlaggare',
      `na|kontakta|komma .. ${SV_STRONG}`,
      'nagon .. hjalpa|hjalper',
      'vem .. prata|tala|snacka med',
      `hjalp av|fran .. ${SV_STRONG}|person`,
      'nagon .. ringa|ringer|kontakta mig',
      'ring|ringa upp|tillbaka mig',
      'ring|ringa mig',
      'inte .. bot|robot|maskin|chatbot|chattbot',
    ],
    negations: ['inte', 'ej', 'aldrig', 'ingen', 'inget', 'utan'],
    needs: ['behover', 'vill', 'maste', 'nodvandigt', 'beh'],
    people: SV_STRONG.split('|').concat(['person']),
    fillers: ['en|ett|tack|snalla|nu|jag|vill|ha|riktig|prata|med|hej|genast'],
  },
  pt: {
    requests: [
      `falar|fale|falo|conversar|converse|comunicar|chat|chatear com .. ${PT_PEOPLE}`,
      `transferir|transfere|transfira|transferencia|passar|passa|passe|encaminhar|encaminha|encaminhe|direcionar|direciona|chamar|chama|chame|conectar|conecta .. para|pra|com|a|ao|um|uma .. ${PT_PEOPLE}`,
      `quero|preciso|gostaria|desejo|prefiro|solicito|peco .. ${PT_STRONG}`,
      'pessoa|humano|alguem|atendente real|humana|verdadeira|viva',
      'pessoa|alguem de verdade',
      `atendid*|atendimento por .. ${PT_PEOPLE}`,
      'atendimento humano|humanizado|pessoal',
      'alguem .. ajudar|ajude|atender',
      'com quem .. falar|falo|converso',
      `ajuda de .. ${PT_STRONG}|pessoa`,
      'alguem .. me ligar|ligue|liga|retornar',
      'me liga|ligue|ligar',
      'nao .. falar|quero .. robo|bot|maquina|chatbot',
    ],
    negations: ['nao', 'nunca', 'sem', 'nem'],
    needs: ['preciso', 'quero', 'necessario', 'precisa', 'gostaria', 'tenho', 'obrigatorio'],
    people: PT_STRONG.split('|').concat(['pessoa']),
    fillers: ['um|uma|o|a|por|favor|agora|ja|quero|preciso|real|falar|com|ola|oi|pfv|pf'],
  },
  ar: {
    requests: [
      `${AR_VERBS} .. ${AR_PEOPLE}`,
      `اريد|ابي|ابغي|ابغى|ابا|عايز|عاوز|بدي|اود|محتاج|احتاج|اطلب|ممكن .. ${AR_STRONG}`,
      'شخص|انسان|موظف حقيقي',
      'احد|حد|حدا .. يساعدني|يساعد|يخدمني',
      'مع مين|من .. اتكلم|اتحدث|احكي',
      `مساعده .. ${AR_STRONG}|شخص`,
      'اتصلوا|كلموني|اتصل|كلمني علي|بي|فيني',
      'اتصلوا|كلموني|اتصلو',
      `${AR_VERBS} .. العملاء`,
      'مش|لا|ما .. روبوت|بوت|اله',
    ],
    negations: ['لا', 'لم', 'لن', 'ما', 'مش', 'مو', 'ليس', 'بدون', 'غير'],
    needs: ['اريد', 'احتاج', 'محتاج', 'داعي', 'ضروري', 'ابي', 'بدي', 'حاجه', 'عايز', 'اود'],
    people: AR_STRONG.split('|'),
    fillers: ['من|فضلك|فضلكم|لو|سمحت|الان|حالا|اريد|ابي|عايز|بدي|مع|شخص|حقيقي|مرحبا|السلام|عليكم|يا'],
  },
};
