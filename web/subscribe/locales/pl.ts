import type en from './en.ts';

const pl: typeof en = {
  title: 'Otrzymuj to e-mailem',
  intro: 'Krótki e-mail z zajęciami z tego widoku, w Twoim języku. Bez konta.',
  email: 'Adres e-mail',
  emailHelp: 'Najpierw wyślemy link do potwierdzenia; nic więcej nie wyślemy przed potwierdzeniem.',
  language: 'Język wiadomości',
  frequency: 'Jak często',
  weekly: 'Co tydzień',
  daily: 'Codziennie (dziś i jutro)',
  forView: 'Dla tego widoku: ',
  allActivities: 'wszystkie zajęcia',
  submit: 'Zapisz mnie',
  sending: 'Wysyłanie…',
  sent: 'Sprawdź skrzynkę: wysłaliśmy link do potwierdzenia subskrypcji.',
  mailOff: 'Biuletyny e-mail nie są dostępne na tym serwerze.',
  errorEmail: 'Wpisz adres e-mail, np. imie@example.org.',
  errorServer: 'Nie udało się zapisać: {{message}}',
  errorNetwork: 'Nie można połączyć się z serwerem. Spróbuj ponownie za chwilę.',
};
export default pl;
