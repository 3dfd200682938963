import type en from './en.ts';

const fr: typeof en = {
  title: 'Recevoir ceci par e-mail',
  intro: 'Un court e-mail avec les activités de cette vue, dans votre langue. Sans compte.',
  email: 'Adresse e-mail',
  emailHelp: 'Nous envoyons d’abord un lien de confirmation ; rien d’autre n’est envoyé avant.',
  language: 'Langue de l’e-mail',
  frequency: 'Fréquence',
  weekly: 'Chaque semaine',
  daily: 'Chaque jour (aujourd’hui et demain)',
  forView: 'Pour cette vue : ',
  allActivities: 'toutes les activités',
  submit: 'M’abonner',
  sending: 'Envoi…',
  sent: 'Regardez votre boîte de réception : nous avons envoyé un lien pour confirmer l’abonnement.',
  mailOff: 'Les lettres par e-mail ne sont pas disponibles sur ce serveur.',
  errorEmail: 'Saisissez une adresse e-mail comme nom@exemple.org.',
  errorServer: 'L’abonnement n’a pas abouti : {{message}}',
  errorNetwork: 'Le serveur est injoignable. Réessayez dans un instant.',
};
export default fr;
