/**
 * The printable leaflet in English: the reference for its other languages (same keys, a test
 * checks it). Loaded with the leaflet chunk as the i18next namespace "leaflet".
 */
export default {
  pageTitle: 'Printable leaflet · {{town}}',
  heading: 'What’s on this week in {{area}}',
  headingAudience: 'What’s on this week in {{area}} · {{audience}}',
  printed: 'Printed on {{date}}',
  print: 'Print',
  back: 'Choose another neighbourhood',
  loading: 'Preparing the leaflet…',
  error: 'The leaflet could not be prepared: {{message}}',
  none: 'Nothing is listed for this neighbourhood this week.',
  place: 'Where',
  when: 'When',
  join: 'How to join',
  joinNone: 'Just come along, no registration needed.',
  joinRequired: 'Registration required.',
  phone: 'Phone',
  email: 'E-mail',
  web: 'Website',
  free: 'Free',
  cost: 'Cost',
  moreTimes_one: 'and {{count}} more time this week',
  moreTimes_other: 'and {{count}} more times this week',
  more_one: 'and {{count}} more activity — see {{url}}',
  more_other: 'and {{count}} more activities — see {{url}}',
  qr: 'QR code: {{title}} on the map',
  qrMore: 'QR code: everything on the map',
  chooser: {
    title: 'Print a leaflet of the week',
    intro:
      'A page of this week’s activities in large print, with a QR code for each, for a notice board or a neighbour without a smartphone.',
    area: 'Neighbourhood',
    audience: 'For whom',
    everyone: 'Everyone',
    language: 'Language',
    show: 'Show the leaflet',
  },
};
