// Process: main (pure). The words of the native parts of the app (menu,
// dialogs, knock notifications) in the console's languages, so they follow
// Settings → Language like the web page does (src-renderer/locales/ holds the
// page's words). Startup failures shown before the settings are read stay in
// English.
import { guestWho, isolateTyped as iso, knockNotificationText, waitingNotificationText } from '../host/knockNotifier';

export const NATIVE_LANGS = ['en', 'fr', 'es', 'he'] as const;
export type NativeLang = (typeof NATIVE_LANGS)[number];

type Text = { title: string; body: string };

export interface NativeText {
  menu: {
    file: string;
    showDataFolder: string;
    openLogsFolder: string;
    edit: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    selectAll: string;
    view: string;
    reload: string;
    devTools: string;
    actualSize: string;
    zoomIn: string;
    zoomOut: string;
    fullScreen: string;
    window: string;
    minimize: string;
    close: string;
    quit: string;
    help: string;
  };
  port: { message(port: number): string; detail(host: string, port: number, next: number): string; use(next: number): string; notNow: string };
  restart: { message: string; detail(what: string): string; restart: string; quit: string };
  knock: { one(name: string | undefined, mediaTitle: string | undefined): Text; many(count: number, mediaTitle: string | undefined): Text };
  /** The buttons of a one-guest knock notification (where the OS shows them: macOS), as in the Participants list. */
  knockActions: { admit: string; deny: string };
}

const TEXT: Record<NativeLang, NativeText> = {
  en: {
    menu: {
      file: 'File',
      showDataFolder: 'Show Data Folder',
      openLogsFolder: 'Open Logs Folder',
      edit: 'Edit',
      undo: 'Undo',
      redo: 'Redo',
      cut: 'Cut',
      copy: 'Copy',
      paste: 'Paste',
      selectAll: 'Select All',
      view: 'View',
      reload: 'Reload',
      devTools: 'Toggle Developer Tools',
      actualSize: 'Actual Size',
      zoomIn: 'Zoom In',
      zoomOut: 'Zoom Out',
      fullScreen: 'Toggle Full Screen',
      window: 'Window',
      minimize: 'Minimize',
      close: 'Close',
      quit: 'Quit Guestlist',
      help: 'Help',
    },
    port: {
      message: (port) => `Port ${port} is already in use, so guests can't reach Guestlist yet.`,
      detail: (host, port, next) => `Another program is using ${host}:${port}. Guestlist can listen on port ${next} instead. Links already sent keep using the public base URL set in Settings.`,
      use: (next) => `Use Port ${next}`,
      notNow: 'Not Now',
    },
    restart: {
      message: 'Guestlist could not show its window.',
      detail: (what) => `${what}\n\nGuests can still reach the listener until you quit. Restart Guestlist to try again.`,
      restart: 'Restart',
      quit: 'Quit',
    },
    knock: { one: knockNotificationText, many: waitingNotificationText },
    knockActions: { admit: 'Admit', deny: 'Deny' },
  },
  fr: {
    menu: {
      file: 'Fichier',
      showDataFolder: 'Afficher le dossier de données',
      openLogsFolder: 'Ouvrir le dossier des journaux',
      edit: 'Édition',
      undo: 'Annuler',
      redo: 'Rétablir',
      cut: 'Couper',
      copy: 'Copier',
      paste: 'Coller',
      selectAll: 'Tout sélectionner',
      view: 'Affichage',
      reload: 'Recharger',
      devTools: 'Outils de développement',
      actualSize: 'Taille réelle',
      zoomIn: 'Zoom avant',
      zoomOut: 'Zoom arrière',
      fullScreen: 'Plein écran',
      window: 'Fenêtre',
      minimize: 'Réduire',
      close: 'Fermer',
      quit: 'Quitter Guestlist',
      help: 'Aide',
    },
    port: {
      message: (port) => `Le port ${port} est déjà utilisé : les invités ne peuvent pas encore joindre Guestlist.`,
      detail: (host, port, next) => `Un autre programme utilise ${host}:${port}. Guestlist peut écouter sur le port ${next} à la place. Les liens déjà envoyés gardent l’URL publique définie dans les Réglages.`,
      use: (next) => `Utiliser le port ${next}`,
      notNow: 'Plus tard',
    },
    restart: {
      message: 'Guestlist n’a pas pu afficher sa fenêtre.',
      detail: (what) => `${what}\n\nLes invités peuvent encore joindre Guestlist jusqu’à ce que vous quittiez. Redémarrez Guestlist pour réessayer.`,
      restart: 'Redémarrer',
      quit: 'Quitter',
    },
    knockActions: { admit: 'Admettre', deny: 'Refuser' },
    knock: {
      one: (name, title) => {
        const who = guestWho(name, 'Un invité');
        return { title: 'Un invité attend', body: title ? `${who} attend dans la salle d’attente de « ${iso(title)} ».` : `${who} attend dans la salle d’attente.` };
      },
      many: (count, title) => ({ title: 'Des invités attendent', body: title ? `${count} personnes attendent pour rejoindre « ${iso(title)} ».` : `${count} personnes attendent.` }),
    },
  },
  es: {
    menu: {
      file: 'Archivo',
      showDataFolder: 'Mostrar la carpeta de datos',
      openLogsFolder: 'Abrir la carpeta de registros',
      edit: 'Edición',
      undo: 'Deshacer',
      redo: 'Rehacer',
      cut: 'Cortar',
      copy: 'Copiar',
      paste: 'Pegar',
      selectAll: 'Seleccionar todo',
      view: 'Ver',
      reload: 'Recargar',
      devTools: 'Herramientas de desarrollo',
      actualSize: 'Tamaño real',
      zoomIn: 'Acercar',
      zoomOut: 'Alejar',
      fullScreen: 'Pantalla completa',
      window: 'Ventana',
      minimize: 'Minimizar',
      close: 'Cerrar',
      quit: 'Salir de Guestlist',
      help: 'Ayuda',
    },
    port: {
      message: (port) => `El puerto ${port} ya está en uso, así que los invitados aún no pueden llegar a Guestlist.`,
      detail: (host, port, next) => `Otro programa usa ${host}:${port}. Guestlist puede escuchar en el puerto ${next}. Los enlaces ya enviados siguen usando la URL pública definida en Ajustes.`,
      use: (next) => `Usar el puerto ${next}`,
      notNow: 'Ahora no',
    },
    restart: {
      message: 'Guestlist no pudo mostrar su ventana.',
      detail: (what) => `${what}\n\nLos invitados pueden seguir llegando hasta que salga. Reinicie Guestlist para volver a intentarlo.`,
      restart: 'Reiniciar',
      quit: 'Salir',
    },
    knockActions: { admit: 'Admitir', deny: 'Rechazar' },
    knock: {
      one: (name, title) => {
        const who = guestWho(name, 'Un invitado');
        return { title: 'Un invitado está esperando', body: title ? `${who} está esperando en la sala de espera de «${iso(title)}».` : `${who} está esperando en la sala de espera.` };
      },
      many: (count, title) => ({ title: 'Hay invitados esperando', body: title ? `${count} personas esperan para unirse a «${iso(title)}».` : `${count} personas están esperando.` }),
    },
  },
  he: {
    menu: {
      file: 'קובץ',
      showDataFolder: 'הצגת תיקיית הנתונים',
      openLogsFolder: 'פתיחת תיקיית היומנים',
      edit: 'עריכה',
      undo: 'ביטול',
      redo: 'ביצוע מחדש',
      cut: 'גזירה',
      copy: 'העתקה',
      paste: 'הדבקה',
      selectAll: 'בחירת הכול',
      view: 'תצוגה',
      reload: 'טעינה מחדש',
      devTools: 'כלי מפתחים',
      actualSize: 'גודל מקורי',
      zoomIn: 'הגדלה',
      zoomOut: 'הקטנה',
      fullScreen: 'מסך מלא',
      window: 'חלון',
      minimize: 'מזעור',
      close: 'סגירה',
      quit: 'יציאה מ-Guestlist',
      help: 'עזרה',
    },
    port: {
      message: (port) => `הפורט ${port} כבר בשימוש, ולכן אורחים עדיין לא יכולים להגיע ל-Guestlist.`,
      detail: (host, port, next) => `תוכנה אחרת משתמשת ב-${host}:${port}. ‏Guestlist יכול להאזין בפורט ${next} במקום. קישורים שכבר נשלחו ממשיכים להשתמש בכתובת הציבורית שהוגדרה בהגדרות.`,
      use: (next) => `שימוש בפורט ${next}`,
      notNow: 'לא עכשיו',
    },
    restart: {
      message: '‏Guestlist לא הצליח להציג את החלון שלו.',
      detail: (what) => `${what}\n\nאורחים עדיין יכולים להגיע עד שתצאו. הפעילו מחדש את Guestlist כדי לנסות שוב.`,
      restart: 'הפעלה מחדש',
      quit: 'יציאה',
    },
    knockActions: { admit: 'אישור כניסה', deny: 'דחייה' },
    knock: {
      one: (name, title) => {
        const who = guestWho(name, 'אורח');
        return { title: 'אורח ממתין', body: title ? `${who} ממתין/ה בלובי של „${iso(title)}”.` : `${who} ממתין/ה בלובי.` };
      },
      many: (count, title) => ({ title: 'אורחים ממתינים', body: title ? `${count} אנשים ממתינים להצטרף אל „${iso(title)}”.` : `${count} אנשים ממתינים.` }),
    },
  },
};

/** The native words for a language setting such as "fr" or "he-IL"; English when there are none. */
export function nativeText(language: string): NativeText {
  const primary = language.toLowerCase().split('-')[0] as NativeLang;
  return TEXT[(NATIVE_LANGS as readonly string[]).includes(primary) ? primary : 'en'];
}
