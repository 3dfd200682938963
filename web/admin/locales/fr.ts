import type en from './en.ts';

const fr: typeof en = {
  title: 'Commons Map · Bornes',
  pageTitle: 'Bornes · Administration de Commons Map',
  kiosks: 'Bornes',
  address: 'Adresse',
  centre: 'Centre',
  setUp: 'Configuration',
  actions: 'Actions',
  configured: 'configurée',
  defaults: 'par défaut',
  edit: 'Modifier',
  add: 'Ajouter une borne',
  newKiosk: 'Nouvelle borne',
  choose: 'Choisissez une borne',
  chooseHint: 'Choisissez une borne interactive pour la modifier, ou ajoutez-en une.',
  form: {
    address: 'Adresse (/kiosk/…)',
    centre: 'Centre où elle est installée',
    languages: 'Langues proposées',
    startsIn: 'Langue au démarrage',
    idle: "Retour à l'écran d'accueil après (secondes sans contact)",
    layers: 'Couches sur la carte',
    radius: 'Affiche les activités dans un rayon de (mètres autour du centre)',
    printer: 'Une imprimante est branchée : proposer « Imprimer »',
    save: 'Enregistrer',
    remove: 'Supprimer la configuration',
  },
  layer: {
    programs: 'Activités et programmes',
    centres: 'Centres communautaires',
    gardens: 'Jardins communautaires',
    parks: 'Parcs',
    'degraded-zones': 'Zones dégradées désignées',
    neighbourhoods: 'Quartiers',
  },
  problem: {
    address:
      "Adresse : utilisez des lettres minuscules, des chiffres et des traits d'union (64 au maximum), p. ex. « kestrel-lobby ».",
    centre: 'Centre : choisissez le centre communautaire où se trouve la borne.',
    languages: 'Langues : proposez au moins une langue.',
    startsIn: "Langue au démarrage : choisissez l'une des langues proposées.",
    layers: 'Couches : affichez au moins une couche.',
    idle: "Délai d'inactivité : saisissez un nombre de secondes.",
    radius: 'Rayon : saisissez un nombre de mètres.',
    readFailed: 'Impossible de lire les bornes : {{error}}',
  },
  saved:
    "Enregistré. La borne à l'adresse /kiosk/{{slug}} le prendra en compte entre deux visiteurs, dans les cinq minutes.",
  removedBack: 'Configuration supprimée : /kiosk/{{slug}} revient aux réglages par défaut.',
  removed: 'Borne /kiosk/{{slug}} supprimée.',
};
export default fr;
