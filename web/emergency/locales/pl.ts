import type { EmergencyStrings } from './en.ts';

const pl: EmergencyStrings = {
  banner: {
    title: 'Sytuacja kryzysowa',
    since: 'Od {{time}}',
    areas: 'Obszary objęte: {{areas}}',
    wholeTown: 'Całe miasto',
    otherLanguages: 'Ta wiadomość w innych językach',
  },
  places: {
    title: 'Dokąd się udać teraz',
    show: 'Pokaż na mapie',
  },
  roles: {
    shelter: 'Schronienie',
    distribution_point: 'Punkt wydawania',
    volunteer_call: 'Potrzebni wolontariusze',
    information_point: 'Punkt informacyjny',
  },
  admin: {
    title: 'Tryb kryzysowy',
    intro:
      'Przełącz mapę mieszkańców i wszystkie kioski miasta na widok kryzysowy. Zwykłe dane pozostają bez zmian; wyłączenie przywraca zwykły widok.',
    current: 'Obecny stan',
    isOn: 'Tryb kryzysowy jest WŁĄCZONY od {{time}} (włączył(a): {{who}}).',
    isOff: 'Tryb kryzysowy jest wyłączony.',
    lastEnded: 'Ostatnio wyłączony {{time}} przez: {{who}}.',
    message: 'Wiadomość do mieszkańców',
    messageHelp: 'Napisz ją w każdym języku miasta; gdzie jej brakuje, mieszkańcy czytają język domyślny.',
    missing: 'brak',
    areas: 'Obszary objęte',
    areasHelp: 'Bez wyboru: całe miasto. Subskrybenci z objętych obszarów dostają e-mail.',
    switchOn: 'Włącz tryb kryzysowy…',
    switchOff: 'Wyłącz tryb kryzysowy…',
    confirmOn:
      'Włączyć teraz? Mapa i wszystkie kioski zmieniają się od razu, a subskrybenci z objętych obszarów dostają e-mail.',
    confirmOff: 'Wyłączyć teraz? Wraca zwykły widok, a powiadomione osoby dostają e-mail o końcu zagrożenia.',
    confirmOnButton: 'Tak, włącz',
    confirmOffButton: 'Tak, wyłącz',
    cancel: 'Anuluj',
    save: 'Zapisz wiadomość i obszary',
    saved: 'Zapisano.',
    switchedOn_one: 'Tryb kryzysowy jest włączony. Wysyłane jest {{count}} powiadomienie.',
    switchedOn_few: 'Tryb kryzysowy jest włączony. Wysyłane są {{count}} powiadomienia.',
    switchedOn_many: 'Tryb kryzysowy jest włączony. Wysyłanych jest {{count}} powiadomień.',
    switchedOn_other: 'Tryb kryzysowy jest włączony. Wysyłane powiadomienia: {{count}}.',
    switchedOnNoMail:
      'Tryb kryzysowy jest włączony. Poczta e-mail jest wyłączona na tym serwerze, więc powiadomienia nie są wysyłane.',
    switchedOff: 'Tryb kryzysowy jest wyłączony.',
    marks: 'Oznaczone miejsca',
    marksHelp: 'Oznacz miejsca i zajęcia z wyprzedzeniem: mieszkańcy widzą je tylko w trybie kryzysowym.',
    search: 'Znajdź miejsce lub zajęcia',
    searchButton: 'Szukaj',
    noHits: 'Nic nie znaleziono.',
    role: 'Rola',
    note: 'Uwaga',
    add: 'Oznacz',
    remove: 'Usuń',
    noMarks: 'Nic jeszcze nie oznaczono.',
    error: 'Nie zapisano: {{message}}',
    loading: 'Wczytywanie…',
  },
};

export default pl;
