import type { Translation } from './types.ts';

const fr: Translation = {
  appName: 'Commons Map',
  loading: 'Chargement de la carte…',
  loadFailed: 'La carte n’a pas pu être chargée.',
  retry: 'Réessayer',
  uiLanguage: 'Langue',
  skipToList: 'Aller à la liste',
  mapLabel: 'Carte des lieux et activités de quartier',
  panelLabel: 'Lieux et activités',
  youAreHere: 'Point choisi',
  search: { label: 'Chercher un lieu, une activité, une rue', placeholder: 'Nom, rue ou quartier', none: 'Aucun résultat' },
  layers: { title: 'Afficher sur la carte' },
  layer: { parks: 'Parcs', gardens: 'Jardins partagés', centres: 'Centres communautaires', programs: 'Programmes et activités', 'degraded-zones': 'Zones dégradées désignées', neighbourhoods: 'Limites des quartiers' },
  nearMe: { title: 'Près de moi', useLocation: 'Utiliser ma position', pick: 'Choisir un point sur la carte', pickHint: 'Cliquez ou touchez la carte à l’endroit voulu.', cancel: 'Annuler', clear: 'Effacer', locating: 'Recherche de votre position…', denied: 'Votre position n’est pas disponible. Choisissez plutôt un point sur la carte.', none: 'Rien à moins de {{distance}} de ce point.' },
  list: { title: 'Activités', count_one: '{{count}} activité', count_other: '{{count}} activités', places: 'Lieux visibles', placesCount_one: '{{count}} lieu visible', placesCount_other: '{{count}} lieux visibles', empty: 'Aucun résultat. Essayez moins de filtres ou un autre secteur.', more: 'Afficher plus', nearTitle: 'Au plus près du point choisi', nearCount_one: '{{count}} résultat près du point choisi', nearCount_other: '{{count}} résultats près du point choisi', forYou: 'Pour vous' },
  forYou: { title: 'Pour vous cette semaine', none: 'Rien pour votre choix cette semaine pour l’instant.' },
  audience: { title: 'Pour qui ?', intro: 'Choisissez une ou plusieurs réponses : nous montrerons d’abord ce qui vous convient. Vous pourrez changer à tout moment.', skip: 'Passer', done: 'Afficher', change: 'Pour : {{list}}', choose: 'Pour qui ?' },
  filters: { title: 'Filtres', category: 'Quoi', audience: 'Pour qui', language: 'Langue parlée', when: 'Quand', from: 'Du', to: 'Au', free: 'Gratuit uniquement', wheelchair: 'Accessible en fauteuil roulant', openNow: 'En ce moment', distance: 'Distance', anyDistance: 'Toute distance', clear: 'Effacer les filtres', results_one: '{{count}} résultat', results_other: '{{count}} résultats' },
  when: { any: 'N’importe quand', today: 'Aujourd’hui', tomorrow: 'Demain', weekend: 'Ce week-end', week: 'Cette semaine', evenings: 'En soirée', dates: 'Dates' },
  details: { close: 'Fermer', address: 'Adresse', openingHours: 'Horaires', openNow: 'Ouvert maintenant', closedNow: 'Fermé maintenant', changesAt: 'jusqu’à {{time}}', opensAt: 'ouvre {{time}}', nextDates: 'Prochaines dates', noDates: 'Aucune date à venir.', forWhom: 'Pour', ages: '{{min}}–{{max}} ans', languages: 'Langues parlées', cost: 'Prix', free: 'Gratuit', registration: 'Comment participer', registrationRequired: 'Inscription obligatoire', registrationNone: 'Sans inscription : venez simplement.', website: 'Site web', phone: 'Téléphone', email: 'Courriel', where: 'Où', activitiesHere: 'Activités sur place', area: 'Superficie', plots: 'Parcelles', population: 'Habitants', designation: 'Désignation', programme: 'Programme', walk: 'À {{distance}} du point choisi, environ {{minutes}} min à pied', share: 'Copier le lien', copied: 'Lien copié', qr: 'Scannez pour ouvrir sur votre téléphone', addSeries: 'Ajouter toutes les dates à mon agenda', addNext: 'Ajouter la prochaine date', fallback: 'Pas encore traduit : affiché en {{lang}}', contact: 'Contact', accessibility: 'Accessibilité', wheelchair: 'Accès en fauteuil : {{value}}', categories: 'Catégories' },
  kind: { park: 'Parc', community_garden: 'Jardin partagé', community_centre: 'Centre communautaire', library: 'Bibliothèque', playground: 'Aire de jeux', coworking: 'Espace de cotravail', organisation_site: 'Lieu de service', program: 'Programme', event: 'Événement', volunteering: 'Bénévolat', group: 'Groupe', service: 'Service', grant: 'Subvention', degraded_zone: 'Zone dégradée désignée', revitalization_zone: 'Zone de revitalisation', neighbourhood: 'Quartier', street: 'Rue' },
  value: { yes: 'oui', limited: 'partiel', no: 'non' },
};
export default fr;
