import type { Translation } from './types.ts';

const pl: Translation = {
  appName: 'Commons Map',
  loading: 'Ładowanie mapy…',
  loadFailed: 'Nie udało się wczytać mapy.',
  retry: 'Spróbuj ponownie',
  uiLanguage: 'Język',
  skipToList: 'Przejdź do listy',
  mapLabel: 'Mapa miejsc i zajęć sąsiedzkich',
  panelLabel: 'Miejsca i zajęcia',
  youAreHere: 'Wybrany punkt',
  search: { label: 'Szukaj miejsc, zajęć, ulic', placeholder: 'Nazwa, ulica lub osiedle', none: 'Brak wyników' },
  layers: { title: 'Pokaż na mapie' },
  layer: { parks: 'Parki', gardens: 'Ogrody społeczne', centres: 'Domy sąsiedzkie', programs: 'Programy i zajęcia', 'degraded-zones': 'Wyznaczone obszary zdegradowane', neighbourhoods: 'Granice osiedli' },
  nearMe: { title: 'W pobliżu', useLocation: 'Użyj mojej lokalizacji', pick: 'Wybierz punkt na mapie', pickHint: 'Kliknij lub dotknij mapy w wybranym miejscu.', cancel: 'Anuluj', clear: 'Wyczyść', locating: 'Ustalanie lokalizacji…', denied: 'Lokalizacja jest niedostępna. Wybierz punkt na mapie.', none: 'Nic w promieniu {{distance}} od tego punktu.' },
  list: { title: 'Zajęcia', count_one: '{{count}} zajęcie', count_few: '{{count}} zajęcia', count_many: '{{count}} zajęć', count_other: '{{count}} zajęć', places: 'Miejsca w widoku', placesCount_one: '{{count}} miejsce w widoku', placesCount_few: '{{count}} miejsca w widoku', placesCount_many: '{{count}} miejsc w widoku', placesCount_other: '{{count}} miejsc w widoku', empty: 'Brak wyników. Spróbuj mniej filtrów lub innego obszaru.', more: 'Pokaż więcej', nearTitle: 'Najbliżej wybranego punktu', nearCount_one: '{{count}} wynik w pobliżu', nearCount_few: '{{count}} wyniki w pobliżu', nearCount_many: '{{count}} wyników w pobliżu', nearCount_other: '{{count}} wyników w pobliżu', forYou: 'Dla ciebie' },
  forYou: { title: 'Dla ciebie w tym tygodniu', none: 'Na razie nic dla twojego wyboru w tym tygodniu.' },
  audience: { title: 'Dla kogo?', intro: 'Wybierz jedną lub więcej odpowiedzi — najpierw pokażemy to, co do ciebie pasuje. Możesz to zmienić w każdej chwili.', skip: 'Pomiń', done: 'Pokaż', change: 'Dla: {{list}}', choose: 'Dla kogo?' },
  filters: { title: 'Filtry', category: 'Co', audience: 'Dla kogo', language: 'Język zajęć', when: 'Kiedy', from: 'Od', to: 'Do', free: 'Tylko bezpłatne', wheelchair: 'Dostępne dla wózków', openNow: 'Trwa teraz', distance: 'Odległość', anyDistance: 'Dowolna odległość', clear: 'Wyczyść filtry', results_one: '{{count}} wynik', results_few: '{{count}} wyniki', results_many: '{{count}} wyników', results_other: '{{count}} wyników' },
  when: { any: 'Kiedykolwiek', today: 'Dziś', tomorrow: 'Jutro', weekend: 'W ten weekend', week: 'W tym tygodniu', evenings: 'Wieczorami', dates: 'Daty' },
  details: { close: 'Zamknij', address: 'Adres', openingHours: 'Godziny otwarcia', openNow: 'Teraz otwarte', closedNow: 'Teraz zamknięte', changesAt: 'do {{time}}', opensAt: 'otwarcie {{time}}', nextDates: 'Najbliższe terminy', noDates: 'Brak nadchodzących terminów.', forWhom: 'Dla', ages: 'wiek {{min}}–{{max}}', languages: 'Języki', cost: 'Koszt', free: 'Bezpłatnie', registration: 'Jak dołączyć', registrationRequired: 'Wymagana rejestracja', registrationNone: 'Bez rejestracji: wystarczy przyjść.', website: 'Strona', phone: 'Telefon', email: 'E-mail', where: 'Gdzie', activitiesHere: 'Zajęcia w tym miejscu', area: 'Powierzchnia', plots: 'Działki', population: 'Mieszkańcy', designation: 'Uchwała', programme: 'Program', walk: '{{distance}} od wybranego punktu, ok. {{minutes}} min pieszo', share: 'Kopiuj link', copied: 'Skopiowano link', qr: 'Zeskanuj, aby otworzyć w telefonie', addSeries: 'Dodaj wszystkie terminy do kalendarza', addNext: 'Dodaj najbliższy termin', fallback: 'Jeszcze nieprzetłumaczone: wyświetlono w języku {{lang}}', contact: 'Kontakt', accessibility: 'Dostępność', wheelchair: 'Dostęp dla wózków: {{value}}', categories: 'Kategorie' },
  kind: { park: 'Park', community_garden: 'Ogród społeczny', community_centre: 'Dom sąsiedzki', library: 'Biblioteka', playground: 'Plac zabaw', coworking: 'Coworking', organisation_site: 'Punkt usług', program: 'Program', event: 'Wydarzenie', volunteering: 'Wolontariat', group: 'Grupa', service: 'Usługa', grant: 'Grant', degraded_zone: 'Obszar zdegradowany', revitalization_zone: 'Obszar rewitalizacji', neighbourhood: 'Osiedle', street: 'Ulica' },
  value: { yes: 'tak', limited: 'częściowo', no: 'nie' },
};
export default pl;
