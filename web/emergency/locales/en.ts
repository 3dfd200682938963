/** Emergency mode's strings (namespace "emergency"): the banner and places of the map and kiosk, and the back-office page. */
const en = {
  banner: {
    title: 'Emergency',
    since: 'Since {{time}}',
    areas: 'Affected areas: {{areas}}',
    wholeTown: 'The whole town',
    otherLanguages: 'This message in other languages',
  },
  places: {
    title: 'Where to go now',
    show: 'Show on the map',
  },
  roles: {
    shelter: 'Shelter',
    distribution_point: 'Distribution point',
    volunteer_call: 'Volunteers needed',
    information_point: 'Information point',
  },
  admin: {
    title: 'Emergency mode',
    intro:
      'Switch the resident map and every kiosk of the town to the emergency view. Routine data stays as it is; switching off restores the usual view.',
    current: 'Current state',
    isOn: 'Emergency mode is ON since {{time}} (switched on by {{who}}).',
    isOff: 'Emergency mode is off.',
    lastEnded: 'Last switched off {{time}} by {{who}}.',
    message: 'Message to residents',
    messageHelp:
      'Write it in every language of the town; where one is missing, residents read the default language.',
    missing: 'missing',
    areas: 'Affected areas',
    areasHelp: 'Choose none for the whole town. Subscribers of the affected areas receive an e-mail.',
    switchOn: 'Switch emergency mode on…',
    switchOff: 'Switch emergency mode off…',
    confirmOn:
      'Switch on now? The resident map and every kiosk change at once, and subscribers of the affected areas receive an e-mail.',
    confirmOff:
      'Switch off now? The usual view returns, and those who were notified receive an all-clear e-mail.',
    confirmOnButton: 'Yes, switch on',
    confirmOffButton: 'Yes, switch off',
    cancel: 'Cancel',
    save: 'Save message and areas',
    saved: 'Saved.',
    switchedOn_one: 'Emergency mode is on. {{count}} notice is being sent.',
    switchedOn_other: 'Emergency mode is on. {{count}} notices are being sent.',
    switchedOnNoMail: 'Emergency mode is on. E-mail is off on this server, so no notices are sent.',
    switchedOff: 'Emergency mode is off.',
    marks: 'Marked places',
    marksHelp: 'Mark places and activities in advance: residents see them only while emergency mode is on.',
    search: 'Find a place or an activity',
    searchButton: 'Search',
    noHits: 'Nothing found.',
    role: 'Role',
    note: 'Note',
    add: 'Mark',
    remove: 'Remove',
    noMarks: 'Nothing is marked yet.',
    error: 'Not saved: {{message}}',
    loading: 'Loading…',
  },
};

export default en;

/** every language has English's sections and keys; plural keys may add forms (_few, _many) */
export type EmergencyStrings = {
  [S in keyof typeof en]: { [K in keyof (typeof en)[S]]: string } & Record<string, string>;
};
