/** Fictional names for the generated town: nothing here names a real place. */
export const TOWN_NAME = {
  en: 'Lindmere (demo town)',
  fr: 'Lindmere (ville fictive)',
  he: 'לינדמיר (עיר לדוגמה)',
  pl: 'Lindmere (miasto przykładowe)',
  uk: 'Ліндмір (демо-місто)',
  ru: 'Линдмир (демо-город)',
};

export const NEIGHBOURHOOD_NAMES = [
  'Old Harbour',
  'Millbrook',
  'Linden Heights',
  'Saltmarsh',
  'Kestrel Rise',
  "Weaver's Row",
  'North Meadows',
  'Chapel Green',
  'Foxhollow',
  'Ropewalk',
  'Brackenfield',
  'Tidewater',
];

export const NATURE_WORDS = [
  'Linden', 'Oak', 'Heron', 'Willow', 'Meadow', 'Kestrel', 'Bramble', 'Juniper', 'Alder', 'Rowan', 'Elm',
  'Hazel', 'Larch', 'Aspen', 'Birch', 'Maple', 'Poplar', 'Holly', 'Cedar', 'Sorrel', 'Clover', 'Foxglove',
  'Thistle', 'Bluebell', 'Primrose', 'Yarrow', 'Heather', 'Fern', 'Reed', 'Lark', 'Wren', 'Otter', 'Badger',
  'Plover', 'Curlew', 'Samphire', 'Beacon', 'Mariner', 'Lantern', 'Orchard',
];
export const PARK_SUFFIXES = ['Park', 'Green', 'Gardens', 'Common', 'Fields', 'Meadow', 'Square', 'Wood'];
export const GARDEN_SUFFIXES = ['Community Garden', 'Allotments', 'Growing Space', 'Shared Garden'];
export const STREET_SUFFIXES = ['Street', 'Road', 'Lane', 'Avenue', 'Way', 'Walk', 'Terrace', 'Row'];
export const HALL_SUFFIXES = ['Hall', 'Neighbourhood House', 'Community Rooms'];

export const ZONES = [
  {
    name: 'Old Harbour Docklands',
    designation: 'Lindmere Council resolution 14/2024 designating a degraded area (fictional)',
    programme: 'Docklands local activity programme 2025–2030 (fictional)',
  },
  {
    name: "Weaver's Row Estate",
    designation: 'Lindmere Council resolution 27/2024 designating a degraded area (fictional)',
    programme: 'Estate renewal and community activity programme (fictional)',
  },
];

export const DESCRIPTIONS = {
  en: (place: string, free: boolean, reg: boolean) =>
    `At ${place}. ${free ? 'Free of charge.' : 'A small fee applies.'} ${reg ? 'Please register in advance.' : 'Just come along.'}`,
  fr: (place: string, free: boolean, reg: boolean) =>
    `À ${place}. ${free ? 'Gratuit.' : 'Participation modique.'} ${reg ? 'Inscription préalable demandée.' : 'Venez sans inscription.'}`,
  he: (place: string, free: boolean, reg: boolean) =>
    `ב־${place}. ${free ? 'ללא תשלום.' : 'בתשלום סמלי.'} ${reg ? 'נא להירשם מראש.' : 'פשוט לבוא.'}`,
  pl: (place: string, free: boolean, reg: boolean) =>
    `Miejsce: ${place}. ${free ? 'Bezpłatnie.' : 'Niewielka opłata.'} ${reg ? 'Prosimy o wcześniejszą rejestrację.' : 'Wystarczy przyjść.'}`,
  uk: (place: string, free: boolean, reg: boolean) =>
    `Місце: ${place}. ${free ? 'Безкоштовно.' : 'Невелика плата.'} ${reg ? 'Будь ласка, зареєструйтеся заздалегідь.' : 'Просто приходьте.'}`,
  ru: (place: string, free: boolean, reg: boolean) =>
    `Место: ${place}. ${free ? 'Бесплатно.' : 'Небольшая плата.'} ${reg ? 'Пожалуйста, зарегистрируйтесь заранее.' : 'Просто приходите.'}`,
};
