import type en from './en.ts';

const fr: typeof en = {
  banner: {
    title: 'Urgence',
    since: 'Depuis {{time}}',
    areas: 'Secteurs concernés : {{areas}}',
    wholeTown: 'Toute la ville',
    otherLanguages: 'Ce message dans d’autres langues',
  },
  places: {
    title: 'Où aller maintenant',
    show: 'Voir sur la carte',
  },
  roles: {
    shelter: 'Abri',
    distribution_point: 'Point de distribution',
    volunteer_call: 'Appel aux bénévoles',
    information_point: 'Point d’information',
  },
  admin: {
    title: 'Mode urgence',
    intro:
      'Passez la carte des habitants et toutes les bornes de la ville en vue d’urgence. Les données habituelles restent telles quelles ; en désactivant, la vue habituelle revient.',
    current: 'État actuel',
    isOn: 'Le mode urgence est ACTIVÉ depuis {{time}} (activé par {{who}}).',
    isOff: 'Le mode urgence est désactivé.',
    lastEnded: 'Dernière désactivation {{time}} par {{who}}.',
    message: 'Message aux habitants',
    messageHelp:
      'Rédigez-le dans chaque langue de la ville ; là où il manque, les habitants lisent la langue par défaut.',
    missing: 'manquant',
    areas: 'Secteurs concernés',
    areasHelp: 'Aucun choisi : toute la ville. Les abonnés des secteurs concernés reçoivent un e-mail.',
    switchOn: 'Activer le mode urgence…',
    switchOff: 'Désactiver le mode urgence…',
    confirmOn:
      'Activer maintenant ? La carte et toutes les bornes changent aussitôt, et les abonnés des secteurs concernés reçoivent un e-mail.',
    confirmOff:
      'Désactiver maintenant ? La vue habituelle revient, et les personnes prévenues reçoivent un e-mail de fin d’alerte.',
    confirmOnButton: 'Oui, activer',
    confirmOffButton: 'Oui, désactiver',
    cancel: 'Annuler',
    save: 'Enregistrer le message et les secteurs',
    saved: 'Enregistré.',
    switchedOn_one: 'Le mode urgence est activé. {{count}} avis est en cours d’envoi.',
    switchedOn_other: 'Le mode urgence est activé. {{count}} avis sont en cours d’envoi.',
    switchedOnNoMail:
      'Le mode urgence est activé. L’e-mail est désactivé sur ce serveur : aucun avis n’est envoyé.',
    switchedOff: 'Le mode urgence est désactivé.',
    marks: 'Lieux signalés',
    marksHelp:
      'Signalez des lieux et des activités à l’avance : les habitants ne les voient que pendant le mode urgence.',
    search: 'Trouver un lieu ou une activité',
    searchButton: 'Chercher',
    noHits: 'Aucun résultat.',
    role: 'Rôle',
    note: 'Remarque',
    add: 'Signaler',
    remove: 'Retirer',
    noMarks: 'Rien n’est encore signalé.',
    error: 'Non enregistré : {{message}}',
    loading: 'Chargement…',
  },
};

export default fr;
