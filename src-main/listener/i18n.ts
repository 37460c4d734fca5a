// Guest-page strings in every supported language, the language choice
// (selector cookie over Accept-Language) and schedule formatting in the
// media's own time zone.
import type { DenialReason, InviteRole, Schedule } from '../core/types';
import { BoundedMap } from '../core/boundedMap';

export const LANGS = ['en', 'fr', 'es', 'he'] as const;
export type Lang = (typeof LANGS)[number];
export const RTL: ReadonlySet<Lang> = new Set<Lang>(['he']);
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', es: 'Español', he: 'עברית' };

const en = {
  appName: 'Guestlist',
  language: 'Language',
  change: 'Change',
  when: 'When',
  /** A label followed by its value: French wants a non-breaking space before the colon. */
  labelColon: '{label}:',
  skip: 'Skip to content',
  // entry page (G9)
  joinHeading: 'Join {title}',
  joinIntro: 'Enter your name and email to join. Your email identifies you to the organiser; it is not checked.',
  nameLabel: 'Your name',
  emailLabel: 'Email',
  join: 'Join',
  required: 'required',
  fixBelow: 'Please correct the fields marked below.',
  'name-required': 'Enter your name.',
  'name-too-long': 'Your name can be at most 100 characters.',
  'email-required': 'Enter your email address.',
  // {example} is isolated by the view (bidi), so its full stop lands right in Hebrew.
  'email-invalid': 'Enter a valid email address, like {example}.',
  'email-invisible': 'Your email contains an invisible or direction-changing character. Type it again without copying and pasting.',
  emailExample: 'name@example.com',
  // invite page (I2): one sentence per role, so each language can inflect it
  'invitedAs.viewer': "You're invited as viewer to {title}",
  'invitedAs.speaker': "You're invited as speaker to {title}",
  'invitedAs.moderator': "You're invited as moderator to {title}",
  role_viewer: 'viewer',
  role_speaker: 'speaker',
  role_moderator: 'moderator',
  inviteIntro: 'Enter the email address this invite was sent to.',
  lockedName: 'You will appear as',
  // lobby (G9, P3)
  lobbyHeading: 'Waiting room',
  lobbyWaiting: 'Waiting for the moderator to let you in.',
  lobbyKeepOpen: 'This page updates by itself. You can keep it open; if you refresh, you keep your place.',
  startsLabel: 'Starts',
  startsIn: 'Starts in {time}',
  earlyEntry: "You're early. Enter your name and email now and you'll wait in the waiting room; the doors open {n} minutes before the start.",
  lobbyEarly: "The session hasn't started yet. The doors open {n} minutes before the start; until then you wait here, unless a moderator lets you in earlier.",
  reconnecting: 'Connection lost. Reconnecting…',
  leave: 'Leave',
  // session (G10, I6, M4)
  youAreIn: "You're in",
  raiseHand: 'Raise hand',
  lowerHand: 'Lower hand',
  handRaised: 'Your hand is raised.',
  handLowered: 'Your hand is down.',
  peopleIn: 'People in the room: {n}',
  roomLive: 'The room is open.',
  noPlayer: 'Your browser cannot play this media.',
  noFile: 'There is nothing to play for this entry yet.',
  chat: 'Chat',
  message: 'Message',
  send: 'Send',
  noMessages: 'No messages yet.',
  manage: 'Participants',
  waiting: 'Waiting',
  inRoom: 'In the room',
  youMarker: '(you)',
  nobodyWaiting: 'Nobody is waiting.',
  nobodyIn: 'Nobody else is in the room.',
  admit: 'Admit',
  deny: 'Deny',
  block: 'Deny and block',
  remove: 'Remove',
  hand: 'hand raised',
  leftHeading: 'You left',
  leftBody: 'You left the session. Open your link again to rejoin.',
  movedHeading: 'Opened somewhere else',
  movedBody: 'You joined again from another browser or tab, so this page is closed. Carry on there.',
  // denied page (D1)
  deniedHeading: 'Access not available',
  // The first sentence depends on the reason: nothing was removed on a mismatch, a decline or an unknown link.
  deniedCommon: 'Access to this media via this link was removed. Please contact the media owner for access.',
  deniedMismatch: 'This invitation is for a different email address. Try again with the address it was sent to, or contact the media owner.',
  deniedDeclined: "The moderator didn't let you in this time. If you need access, contact the media owner.",
  deniedUnknown: "This link doesn't lead anywhere. If you copied all of it, contact whoever sent it to you.",
  deniedEnded: 'The scheduled session is over, so this link no longer lets anyone in. If you need access, contact the media owner.',
  contactLine: 'Contact: {contact}',
  tryAgain: 'Try again with another email address',
  'reason.guest-access-off': 'Guest access for this media is turned off.',
  'reason.link-expired': 'This link has expired.',
  'reason.no-clicks-left': 'This link has been used the maximum number of times.',
  'reason.link-deleted': 'This link was deleted.',
  'reason.media-unavailable': 'This media is no longer available.',
  'reason.unknown-link': 'This link is not valid. Check that you copied all of it.',
  'reason.invite-revoked': 'This invite was revoked.',
  'reason.email-mismatch': 'The email address you entered does not match this invite.',
  'reason.denied-by-moderator': 'A moderator declined your request to join.',
  'reason.removed-by-moderator': 'A moderator removed you from this session.',
  'reason.session-ended': 'This session has ended.',
  expiredAt: 'It expired on {when}.',
  // errors
  errorHeading: 'Something went wrong',
  csrf: 'This form expired or was not sent from this page. Reload the page and try again. Nothing was saved.',
  rateLimited: 'Too many attempts from your network. Wait a minute, then try again.',
  tooManyStreams: 'This page is open in too many tabs or windows. Close some of them, then reload this one.',
  'cameIn.guestLink': 'Guest · guest link {name}',
  'cameIn.viewer': 'Viewer · invite',
  'cameIn.speaker': 'Speaker · invite',
  'cameIn.moderator': 'Moderator · invite',
  knockCooldown: 'A moderator declined your last request to join. This browser can ask again {minutes} minutes after that decision: try again in {wait} min.',
  notFound: 'This page does not exist.',
  tooLarge: 'What you sent is too large.',
  badRequest: 'The request could not be understood.',
  internal: 'Something went wrong on our side. Nothing was changed. Try again in a moment.',
  busyHeading: 'Busy, try again in a moment',
  busy: 'Guestlist is busy saving another change. Nothing was saved yet: go back and send the form again in a moment.',
  noSession: "You're not in a session in this browser. Open the link you were given to join.",
  notAllowed: 'You are not allowed to do this.',
  stateChanged: 'That person is no longer in a state that allows this action.',
  chatInvalid: 'A message must be 1–1000 characters.',
  errorCode: 'Error code',
};
export type MessageKey = keyof typeof en;
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];
type Messages = Record<MessageKey, string>;

const fr: Messages = {
  appName: 'Guestlist',
  language: 'Langue',
  change: 'Changer',
  when: 'Quand',
  labelColon: '{label} :',
  skip: 'Aller au contenu',
  joinHeading: 'Rejoindre {title}',
  joinIntro: "Saisissez votre nom et votre e-mail pour rejoindre. L'e-mail vous identifie auprès de l'organisateur ; il n'est pas vérifié.",
  nameLabel: 'Votre nom',
  emailLabel: 'E-mail',
  join: 'Rejoindre',
  required: 'obligatoire',
  fixBelow: 'Veuillez corriger les champs indiqués ci-dessous.',
  'name-required': 'Saisissez votre nom.',
  'name-too-long': 'Votre nom peut contenir au plus 100 caractères.',
  'email-required': 'Saisissez votre adresse e-mail.',
  'email-invalid': 'Saisissez une adresse e-mail valide, comme {example}.',
  'email-invisible': 'Votre adresse e-mail contient un caractère invisible ou qui change le sens du texte. Saisissez-la de nouveau sans copier-coller.',
  emailExample: 'nom@exemple.com',
  'invitedAs.viewer': 'Vous êtes invité(e) en tant que spectateur à {title}',
  'invitedAs.speaker': 'Vous êtes invité(e) en tant qu’intervenant à {title}',
  'invitedAs.moderator': 'Vous êtes invité(e) en tant que modérateur à {title}',
  role_viewer: 'spectateur',
  role_speaker: 'intervenant',
  role_moderator: 'modérateur',
  inviteIntro: "Saisissez l'adresse e-mail à laquelle cette invitation a été envoyée.",
  lockedName: 'Vous apparaîtrez sous le nom',
  lobbyHeading: "Salle d'attente",
  lobbyWaiting: 'En attente que le modérateur vous laisse entrer.',
  lobbyKeepOpen: 'Cette page se met à jour toute seule. Vous pouvez la garder ouverte ; si vous l’actualisez, vous gardez votre place.',
  startsLabel: 'Début',
  startsIn: 'Commence dans {time}',
  earlyEntry: "Vous êtes en avance. Saisissez maintenant votre nom et votre e-mail et vous attendrez dans la salle d'attente ; les portes ouvrent {n} minutes avant le début.",
  lobbyEarly: "La session n'a pas encore commencé. Les portes ouvrent {n} minutes avant le début ; d'ici là vous attendez ici, sauf si un modérateur vous fait entrer plus tôt.",
  reconnecting: 'Connexion perdue. Reconnexion…',
  leave: 'Quitter',
  youAreIn: 'Vous êtes entré(e)',
  raiseHand: 'Lever la main',
  lowerHand: 'Baisser la main',
  handRaised: 'Votre main est levée.',
  handLowered: 'Votre main est baissée.',
  peopleIn: 'Personnes dans la salle : {n}',
  roomLive: 'La salle est ouverte.',
  noPlayer: 'Votre navigateur ne peut pas lire ce média.',
  noFile: "Il n'y a encore rien à lire pour cette entrée.",
  chat: 'Discussion',
  message: 'Message',
  send: 'Envoyer',
  noMessages: 'Pas encore de messages.',
  manage: 'Participants',
  waiting: 'En attente',
  inRoom: 'Dans la salle',
  youMarker: '(vous)',
  nobodyWaiting: "Personne n'attend.",
  nobodyIn: "Personne d'autre n'est dans la salle.",
  admit: 'Admettre',
  deny: 'Refuser',
  block: 'Refuser et bloquer',
  remove: 'Retirer',
  hand: 'main levée',
  leftHeading: 'Vous êtes parti(e)',
  leftBody: 'Vous avez quitté la session. Ouvrez à nouveau votre lien pour revenir.',
  movedHeading: 'Ouvert ailleurs',
  movedBody: 'Vous avez rejoint la session depuis un autre navigateur ou onglet\u00a0: cette page est fermée. Continuez là-bas.',
  deniedHeading: 'Accès indisponible',
  deniedCommon: "L'accès à ce média via ce lien a été supprimé. Veuillez contacter le propriétaire du média pour y accéder.",
  deniedMismatch: "Cette invitation est destinée à une autre adresse e-mail. Réessayez avec l’adresse à laquelle elle a été envoyée, ou contactez le propriétaire du média.",
  deniedDeclined: "Le modérateur ne vous a pas laissé entrer cette fois-ci. Si vous avez besoin d’y accéder, contactez le propriétaire du média.",
  deniedUnknown: 'Ce lien ne mène nulle part. Si vous l’avez copié en entier, contactez la personne qui vous l’a envoyé.',
  deniedEnded: 'La session prévue est terminée : ce lien ne permet plus d’entrer. Si vous avez besoin d’un accès, contactez le propriétaire du média.',
  contactLine: 'Contact : {contact}',
  tryAgain: 'Réessayer avec une autre adresse e-mail',
  'reason.guest-access-off': "L'accès invité à ce média est désactivé.",
  'reason.link-expired': 'Ce lien a expiré.',
  'reason.no-clicks-left': 'Ce lien a été utilisé le nombre maximal de fois.',
  'reason.link-deleted': 'Ce lien a été supprimé.',
  'reason.media-unavailable': "Ce média n'est plus disponible.",
  'reason.unknown-link': "Ce lien n'est pas valide. Vérifiez que vous l'avez copié en entier.",
  'reason.invite-revoked': 'Cette invitation a été révoquée.',
  'reason.email-mismatch': "L'adresse e-mail saisie ne correspond pas à cette invitation.",
  'reason.denied-by-moderator': 'Un modérateur a refusé votre demande.',
  'reason.removed-by-moderator': 'Un modérateur vous a retiré(e) de cette session.',
  'reason.session-ended': 'Cette session est terminée.',
  expiredAt: 'Il a expiré le {when}.',
  errorHeading: 'Une erreur est survenue',
  csrf: "Ce formulaire a expiré ou n'a pas été envoyé depuis cette page. Actualisez la page et réessayez. Rien n'a été enregistré.",
  rateLimited: 'Trop de tentatives depuis votre réseau. Patientez une minute, puis réessayez.',
  tooManyStreams: 'Cette page est ouverte dans trop d’onglets ou de fenêtres. Fermez-en quelques-uns, puis rechargez celui-ci.',
  'cameIn.guestLink': 'Invité · lien invité {name}',
  'cameIn.viewer': 'Spectateur · invitation',
  'cameIn.speaker': 'Intervenant · invitation',
  'cameIn.moderator': 'Modérateur · invitation',
  knockCooldown: 'Un modérateur a refusé votre dernière demande. Ce navigateur peut redemander {minutes} minutes après cette décision : réessayez dans {wait} min.',
  notFound: "Cette page n'existe pas.",
  tooLarge: 'Ce que vous avez envoyé est trop volumineux.',
  badRequest: "La requête n'a pas pu être comprise.",
  internal: "Une erreur s'est produite de notre côté. Rien n'a été modifié. Réessayez dans un instant.",
  busyHeading: 'Occupé, réessayez dans un instant',
  busy: "Guestlist enregistre une autre modification. Rien n'a encore été enregistré : revenez en arrière et renvoyez le formulaire dans un instant.",
  noSession: "Vous n'êtes dans aucune session dans ce navigateur. Ouvrez le lien que vous avez reçu pour rejoindre.",
  notAllowed: "Vous n'êtes pas autorisé(e) à faire cela.",
  stateChanged: "Cette personne n'est plus dans un état qui permet cette action.",
  chatInvalid: 'Un message doit contenir de 1 à 1000 caractères.',
  errorCode: "Code d'erreur",
};

const es: Messages = {
  appName: 'Guestlist',
  language: 'Idioma',
  change: 'Cambiar',
  when: 'Cuándo',
  labelColon: '{label}:',
  skip: 'Ir al contenido',
  joinHeading: 'Unirse a {title}',
  joinIntro: 'Escribe tu nombre y tu correo electrónico para unirte. El correo te identifica ante el organizador; no se verifica.',
  nameLabel: 'Tu nombre',
  emailLabel: 'Correo electrónico',
  join: 'Unirse',
  required: 'obligatorio',
  fixBelow: 'Corrige los campos indicados abajo.',
  'name-required': 'Escribe tu nombre.',
  'name-too-long': 'Tu nombre puede tener como máximo 100 caracteres.',
  'email-required': 'Escribe tu dirección de correo electrónico.',
  'email-invalid': 'Escribe una dirección de correo válida, como {example}.',
  'email-invisible': 'Tu correo contiene un carácter invisible o que cambia la dirección del texto. Escríbelo de nuevo sin copiar y pegar.',
  emailExample: 'nombre@ejemplo.com',
  'invitedAs.viewer': 'Te han invitado como espectador a {title}',
  'invitedAs.speaker': 'Te han invitado como ponente a {title}',
  'invitedAs.moderator': 'Te han invitado como moderador a {title}',
  role_viewer: 'espectador',
  role_speaker: 'ponente',
  role_moderator: 'moderador',
  inviteIntro: 'Escribe la dirección de correo a la que se envió esta invitación.',
  lockedName: 'Aparecerás como',
  lobbyHeading: 'Sala de espera',
  lobbyWaiting: 'Esperando a que el moderador te deje entrar.',
  lobbyKeepOpen: 'Esta página se actualiza sola. Puedes dejarla abierta; si la recargas, conservas tu lugar.',
  startsLabel: 'Empieza',
  startsIn: 'Empieza en {time}',
  earlyEntry: 'Llegas pronto. Escribe ahora tu nombre y tu correo y esperarás en la sala de espera; las puertas se abren {n} minutos antes del inicio.',
  lobbyEarly: 'La sesión aún no ha empezado. Las puertas se abren {n} minutos antes del inicio; hasta entonces esperas aquí, salvo que un moderador te deje entrar antes.',
  reconnecting: 'Se perdió la conexión. Reconectando…',
  leave: 'Salir',
  youAreIn: 'Ya estás dentro',
  raiseHand: 'Levantar la mano',
  lowerHand: 'Bajar la mano',
  handRaised: 'Tienes la mano levantada.',
  handLowered: 'Tienes la mano bajada.',
  peopleIn: 'Personas en la sala: {n}',
  roomLive: 'La sala está abierta.',
  noPlayer: 'Tu navegador no puede reproducir este contenido.',
  noFile: 'Todavía no hay nada que reproducir en esta entrada.',
  chat: 'Chat',
  message: 'Mensaje',
  send: 'Enviar',
  noMessages: 'Todavía no hay mensajes.',
  manage: 'Participantes',
  waiting: 'Esperando',
  inRoom: 'En la sala',
  youMarker: '(usted)',
  nobodyWaiting: 'No hay nadie esperando.',
  nobodyIn: 'No hay nadie más en la sala.',
  admit: 'Admitir',
  deny: 'Rechazar',
  block: 'Rechazar y bloquear',
  remove: 'Expulsar',
  hand: 'mano levantada',
  leftHeading: 'Has salido',
  leftBody: 'Has salido de la sesión. Abre tu enlace de nuevo para volver.',
  movedHeading: 'Abierto en otro lugar',
  movedBody: 'Te has unido de nuevo desde otro navegador o pestaña, así que esta página se ha cerrado. Continúa allí.',
  deniedHeading: 'Acceso no disponible',
  deniedCommon: 'Se ha retirado el acceso a este contenido a través de este enlace. Ponte en contacto con el propietario del contenido para obtener acceso.',
  deniedMismatch: 'Esta invitación es para otra dirección de correo. Vuelve a intentarlo con la dirección a la que se envió o ponte en contacto con el propietario del contenido.',
  deniedDeclined: 'El moderador no te ha dejado entrar esta vez. Si necesitas acceso, ponte en contacto con el propietario del contenido.',
  deniedUnknown: 'Este enlace no lleva a ninguna parte. Si lo copiaste entero, ponte en contacto con quien te lo envió.',
  deniedEnded: 'La sesión programada ha terminado, así que este enlace ya no deja entrar a nadie. Si necesitas acceso, ponte en contacto con el propietario del contenido.',
  contactLine: 'Contacto: {contact}',
  tryAgain: 'Intentarlo con otra dirección de correo',
  'reason.guest-access-off': 'El acceso de invitados a este contenido está desactivado.',
  'reason.link-expired': 'Este enlace ha caducado.',
  'reason.no-clicks-left': 'Este enlace ya se ha usado el número máximo de veces.',
  'reason.link-deleted': 'Este enlace se ha eliminado.',
  'reason.media-unavailable': 'Este contenido ya no está disponible.',
  'reason.unknown-link': 'Este enlace no es válido. Comprueba que lo copiaste entero.',
  'reason.invite-revoked': 'Esta invitación se ha revocado.',
  'reason.email-mismatch': 'La dirección de correo que escribiste no coincide con esta invitación.',
  'reason.denied-by-moderator': 'Un moderador rechazó tu solicitud para unirte.',
  'reason.removed-by-moderator': 'Un moderador te ha expulsado de esta sesión.',
  'reason.session-ended': 'Esta sesión ha terminado.',
  expiredAt: 'Caducó el {when}.',
  errorHeading: 'Algo salió mal',
  csrf: 'Este formulario caducó o no se envió desde esta página. Recarga la página e inténtalo de nuevo. No se guardó nada.',
  rateLimited: 'Demasiados intentos desde tu red. Espera un minuto y vuelve a intentarlo.',
  tooManyStreams: 'Esta página está abierta en demasiadas pestañas o ventanas. Cierra algunas y vuelve a cargar esta.',
  'cameIn.guestLink': 'Invitado · enlace de invitado {name}',
  'cameIn.viewer': 'Espectador · invitación',
  'cameIn.speaker': 'Ponente · invitación',
  'cameIn.moderator': 'Moderador · invitación',
  knockCooldown: 'Un moderador rechazó tu última solicitud. Este navegador puede volver a pedir acceso {minutes} minutos después de esa decisión: inténtalo de nuevo en {wait} min.',
  notFound: 'Esta página no existe.',
  tooLarge: 'Lo que enviaste es demasiado grande.',
  badRequest: 'No se pudo entender la solicitud.',
  internal: 'Algo salió mal por nuestra parte. No se cambió nada. Inténtalo de nuevo en un momento.',
  busyHeading: 'Ocupado, inténtalo de nuevo en un momento',
  busy: 'Guestlist está guardando otro cambio. Todavía no se guardó nada: vuelve atrás y envía el formulario de nuevo en un momento.',
  noSession: 'No estás en ninguna sesión en este navegador. Abre el enlace que recibiste para unirte.',
  notAllowed: 'No tienes permiso para hacer esto.',
  stateChanged: 'Esa persona ya no está en un estado que permita esta acción.',
  chatInvalid: 'Un mensaje debe tener entre 1 y 1000 caracteres.',
  errorCode: 'Código de error',
};

const he: Messages = {
  appName: 'Guestlist',
  language: 'שפה',
  change: 'שינוי',
  when: 'מתי',
  labelColon: '{label}:',
  skip: 'דילוג לתוכן',
  joinHeading: 'הצטרפות אל {title}',
  joinIntro: 'יש להזין שם וכתובת דוא״ל כדי להצטרף. כתובת הדוא״ל מזהה אותך בפני המארגן/ת ואינה נבדקת.',
  nameLabel: 'השם שלך',
  emailLabel: 'דוא״ל',
  join: 'הצטרפות',
  required: 'חובה',
  fixBelow: 'יש לתקן את השדות המסומנים למטה.',
  'name-required': 'יש להזין שם.',
  'name-too-long': 'השם יכול להכיל עד 100 תווים.',
  'email-required': 'יש להזין כתובת דוא״ל.',
  'email-invalid': 'יש להזין כתובת דוא״ל תקינה, למשל {example}.',
  'email-invisible': 'כתובת הדוא״ל מכילה תו בלתי נראה או תו שמשנה את כיוון הטקסט. יש להקליד אותה שוב, בלי להעתיק ולהדביק.',
  emailExample: 'name@example.com',
  'invitedAs.viewer': 'הוזמנת בתור צופה אל {title}',
  'invitedAs.speaker': 'הוזמנת בתור דובר/ת אל {title}',
  'invitedAs.moderator': 'הוזמנת בתור מנחה אל {title}',
  role_viewer: 'צופה',
  role_speaker: 'דובר/ת',
  role_moderator: 'מנחה',
  inviteIntro: 'יש להזין את כתובת הדוא״ל שאליה נשלחה ההזמנה.',
  lockedName: 'השם שיוצג',
  lobbyHeading: 'חדר המתנה',
  lobbyWaiting: 'ממתינים שהמנחה יכניס אותך.',
  lobbyKeepOpen: 'הדף מתעדכן מעצמו. אפשר להשאיר אותו פתוח; גם אחרי רענון המקום שלך נשמר.',
  startsLabel: 'מתחיל',
  startsIn: 'מתחיל בעוד {time}',
  earlyEntry: 'הגעת מוקדם. אפשר להזין עכשיו שם ודוא״ל ולהמתין בחדר ההמתנה; הדלתות נפתחות {n} דקות לפני ההתחלה.',
  lobbyEarly: 'המפגש עוד לא התחיל. הדלתות נפתחות {n} דקות לפני ההתחלה; עד אז ממתינים כאן, אלא אם מנחה יכניס אותך מוקדם יותר.',
  reconnecting: 'החיבור אבד. מתחברים מחדש…',
  leave: 'יציאה',
  youAreIn: 'נכנסת',
  raiseHand: 'הרמת יד',
  lowerHand: 'הורדת יד',
  handRaised: 'היד שלך מורמת.',
  handLowered: 'היד שלך מורדת.',
  peopleIn: 'אנשים בחדר: {n}',
  roomLive: 'החדר פתוח.',
  noPlayer: 'הדפדפן שלך לא יכול להפעיל את המדיה הזו.',
  noFile: 'עדיין אין מה להפעיל ברשומה הזו.',
  chat: "צ'אט",
  message: 'הודעה',
  send: 'שליחה',
  noMessages: 'אין עדיין הודעות.',
  manage: 'משתתפים',
  waiting: 'ממתינים',
  inRoom: 'בחדר',
  youMarker: '(את/ה)',
  nobodyWaiting: 'אף אחד לא ממתין.',
  nobodyIn: 'אין אף אחד אחר בחדר.',
  admit: 'אישור כניסה',
  deny: 'דחייה',
  block: 'דחייה וחסימה',
  remove: 'הוצאה',
  hand: 'יד מורמת',
  leftHeading: 'יצאת',
  leftBody: 'יצאת מהמפגש. אפשר לפתוח שוב את הקישור כדי לחזור.',
  movedHeading: 'נפתח במקום אחר',
  movedBody: 'הצטרפת שוב מדפדפן או מכרטיסייה אחרים, ולכן הדף הזה נסגר. אפשר להמשיך שם.',
  deniedHeading: 'הגישה אינה זמינה',
  deniedCommon: 'הגישה למדיה זו דרך קישור זה הוסרה. יש לפנות לבעלי המדיה לקבלת גישה.',
  deniedMismatch: 'ההזמנה הזו מיועדת לכתובת דוא״ל אחרת. אפשר לנסות שוב עם הכתובת שאליה נשלחה ההזמנה, או לפנות לבעלי המדיה.',
  deniedDeclined: 'המנחה לא אישר/ה את כניסתך הפעם. אם דרושה לך גישה, יש לפנות לבעלי המדיה.',
  deniedUnknown: 'הקישור הזה לא מוביל לשום מקום. אם הוא הועתק במלואו, יש לפנות למי ששלח/ה אותו.',
  deniedEnded: 'המפגש המתוכנן הסתיים, ולכן הקישור הזה כבר לא מכניס אף אחד. לקבלת גישה יש לפנות לבעלים של המדיה.',
  contactLine: 'יצירת קשר: {contact}',
  tryAgain: 'ניסיון נוסף עם כתובת דוא״ל אחרת',
  'reason.guest-access-off': 'גישת אורחים למדיה זו כבויה.',
  'reason.link-expired': 'תוקף הקישור פג.',
  'reason.no-clicks-left': 'הקישור נוצל את מספר הפעמים המרבי.',
  'reason.link-deleted': 'הקישור נמחק.',
  'reason.media-unavailable': 'המדיה הזו אינה זמינה עוד.',
  'reason.unknown-link': 'הקישור אינו תקין. יש לוודא שהועתק במלואו.',
  'reason.invite-revoked': 'ההזמנה בוטלה.',
  'reason.email-mismatch': 'כתובת הדוא״ל שהוזנה אינה תואמת להזמנה.',
  'reason.denied-by-moderator': 'המנחה דחה את בקשת ההצטרפות שלך.',
  'reason.removed-by-moderator': 'המנחה הוציא אותך מהמפגש.',
  'reason.session-ended': 'המפגש הזה הסתיים.',
  expiredAt: 'התוקף פג ב-{when}.',
  errorHeading: 'משהו השתבש',
  csrf: 'פג תוקף הטופס או שהוא לא נשלח מהדף הזה. יש לרענן את הדף ולנסות שוב. שום דבר לא נשמר.',
  rateLimited: 'יותר מדי ניסיונות מהרשת שלך. יש להמתין דקה ולנסות שוב.',
  tooManyStreams: 'הדף הזה פתוח ביותר מדי כרטיסיות או חלונות. יש לסגור חלק מהם ולטעון מחדש את הדף הזה.',
  'cameIn.guestLink': 'אורח/ת · קישור אורחים {name}',
  'cameIn.viewer': 'צופה · הזמנה',
  'cameIn.speaker': 'דובר/ת · הזמנה',
  'cameIn.moderator': 'מנחה · הזמנה',
  knockCooldown: 'מנחה דחה את הבקשה האחרונה שלך להצטרף. מהדפדפן הזה אפשר לבקש שוב {minutes} דקות אחרי ההחלטה: יש לנסות שוב בעוד {wait} דק׳.',
  notFound: 'הדף הזה לא קיים.',
  tooLarge: 'מה ששלחת גדול מדי.',
  badRequest: 'לא ניתן היה להבין את הבקשה.',
  internal: 'משהו השתבש אצלנו. שום דבר לא שונה. אפשר לנסות שוב בעוד רגע.',
  busyHeading: 'עסוק, אפשר לנסות שוב בעוד רגע',
  busy: 'Guestlist שומר כרגע שינוי אחר. דבר עדיין לא נשמר: יש לחזור אחורה ולשלוח את הטופס שוב בעוד רגע.',
  noSession: 'אין לך מפגש פעיל בדפדפן הזה. יש לפתוח את הקישור שקיבלת כדי להצטרף.',
  notAllowed: 'אין לך הרשאה לעשות זאת.',
  stateChanged: 'מצבו של המשתתף כבר לא מאפשר את הפעולה הזו.',
  chatInvalid: 'הודעה צריכה להכיל 1–1000 תווים.',
  errorCode: 'קוד שגיאה',
};

const MESSAGES: Record<Lang, Messages> = { en, fr, es, he };

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const translators = new Map<Lang, T>();

/** The message function for a language (one per language, made once). */
export function translator(lang: Lang): T {
  let t = translators.get(lang);
  if (!t) {
    const m = MESSAGES[lang];
    t = (key, params) => {
      const s = m[key] ?? en[key];
      return params ? s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`)) : s;
    };
    translators.set(lang, t);
  }
  return t;
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** The best supported language for an Accept-Language header (q-values honoured). */
export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header || header.length > 1000) return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      const weight = q ? Number(q[1]) : 1;
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const r of ranked) {
    const base = r.base === 'iw' ? 'he' : r.base; // old code for Hebrew
    if (isLang(base)) return base;
  }
  return 'en';
}

export function roleName(t: T, role: InviteRole): string {
  return t(`role_${role}` as MessageKey);
}

/** I2: the invite heading's template, one per role ("en tant qu’intervenant" needs its own sentence). Has a {title} slot. */
export function invitedAsKey(role: InviteRole): MessageKey {
  return `invitedAs.${role}`;
}

/**
 * D1: the denied page's first sentence. "Access … was removed" only where
 * something was removed; a mismatched email, a moderator's decline and an
 * unknown link each get their own.
 */
const DENIED_LEAD: Partial<Record<DenialReason, MessageKey>> = {
  'email-mismatch': 'deniedMismatch',
  'denied-by-moderator': 'deniedDeclined',
  'unknown-link': 'deniedUnknown',
  'session-ended': 'deniedEnded',
};
export function deniedLead(t: T, reason: DenialReason): string {
  return t(DENIED_LEAD[reason] ?? 'deniedCommon');
}

/** Bidi isolation for a value put into plain text (FSI … PDI); in HTML use <bdi> instead. */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

export function reasonText(t: T, reason: DenialReason): string {
  return t(`reason.${reason}` as MessageKey);
}

const DATE_PARTS: ReadonlySet<string> = new Set(['weekday', 'era', 'year', 'month', 'day', 'relatedYear', 'yearName']);

/**
 * A schedule split so the time range can be kept on one line (no dangling
 * "–12:00" on a narrow screen): `range` is "11:00 – 12:00" when both ends are
 * on the same day, '' otherwise. before + range + after is the whole text.
 */
export interface ScheduleText {
  before: string;
  range: string;
  after: string;
}

/**
 * Building an Intl formatter and formatting a range costs tens of µs; every
 * view of a link shows the same schedule, so each text is made once.
 */
const scheduleTexts = new BoundedMap<string, ScheduleText | null>(1000);

export function formatScheduleParts(schedule: Schedule, lang: Lang): ScheduleText | null {
  const key = `${lang} ${schedule.startsAt} ${schedule.endsAt} ${schedule.timeZone}`;
  let text = scheduleTexts.get(key);
  if (text === undefined) {
    text = scheduleParts(schedule, lang);
    scheduleTexts.set(key, text);
  }
  return text;
}

function scheduleParts(schedule: Schedule, lang: Lang): ScheduleText | null {
  const start = new Date(schedule.startsAt);
  const end = new Date(schedule.endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  const opts: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  let parts: Intl.DateTimeRangeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(lang, { ...opts, timeZone: schedule.timeZone }).formatRangeToParts(start, end);
  } catch {
    // A zone this runtime doesn't know: still show the times, in UTC, saying so.
    parts = new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' }).formatRangeToParts(start, end);
  }
  const join = (ps: Intl.DateTimeRangeFormatPart[]) => ps.map((p) => p.value).join('');
  const first = parts.findIndex((p) => p.source === 'startRange' && p.type === 'hour');
  let last = -1;
  parts.forEach((p, i) => {
    if (p.source === 'endRange') last = i;
  });
  const sameDay = first >= 0 && last > first && !parts.some((p) => p.source === 'endRange' && DATE_PARTS.has(p.type));
  if (!sameDay) return { before: join(parts), range: '', after: '' };
  return { before: join(parts.slice(0, first)), range: join(parts.slice(first, last + 1)), after: join(parts.slice(last + 1)) };
}

/** "Thursday, June 12, 2025, 10:00 AM – 10:45 PM EDT", in the media's zone and the guest's language. */
export function formatSchedule(schedule: Schedule, lang: Lang): string {
  const p = formatScheduleParts(schedule, lang);
  return p ? p.before + p.range + p.after : '';
}

const timeFormatters = new BoundedMap<string, Intl.DateTimeFormat>(1000);

function timeFormatter(lang: Lang, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${lang} ${timeZone ?? ''}`;
  let f = timeFormatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone });
    } catch {
      f = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
    }
    timeFormatters.set(key, f);
  }
  return f;
}

export function formatTime(iso: string, lang: Lang, timeZone: string | undefined): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return timeFormatter(lang, timeZone).format(d);
}

/** "2 days 01:05:09" / "01:05:09": what's left until a start, in the guest's language. */
export function formatCountdown(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days)} ${clock}` : clock;
}

/** A date and time with its zone ("Friday, June 12, 2026, 10:00 AM EDT"), in the media's zone. */
export function formatDateTime(iso: string, lang: Lang, timeZone: string | undefined): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const opts: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' }).format(d);
  }
}
