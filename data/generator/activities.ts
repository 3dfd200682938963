/**
 * The catalogue the generator draws programs from: what happens, for whom, where, when, in which
 * languages — with titles in all six UI languages. Every category and every audience appears.
 */
import type { Opportunity } from '../town-format.ts';

type Category = Opportunity['categories'][number];
type Audience = Opportunity['audiences'][number];
type Kind = Opportunity['kind'];
type Where = 'community_centre' | 'library' | 'park' | 'community_garden' | 'coworking' | 'own';

export interface Activity {
  key: string;
  kind: Kind;
  categories: Category[];
  audiences: Audience[];
  /** languages the activity is run in, besides the town's own (English) */
  languages: string[];
  where: Where[];
  /** local start hour options and duration */
  hours: number[];
  minutes: number;
  freeShare: number;
  ages?: [number | null, number | null];
  title: { en: string; fr: string; he: string; pl: string; uk: string; ru: string };
}

const A = (a: Activity) => a;

export const ACTIVITIES: Activity[] = [
  A({ key: 'garden-workday', kind: 'volunteering', categories: ['gardening', 'volunteering'], audiences: ['everyone'], languages: [], where: ['community_garden'], hours: [9, 10, 17], minutes: 120, freeShare: 1,
    title: { en: 'Community garden work day', fr: 'Journée de travail au jardin partagé', he: 'יום עבודה בגינה הקהילתית', pl: 'Dzień pracy w ogrodzie społecznym', uk: 'Робочий день у громадському саду', ru: 'Рабочий день в общественном саду' } }),
  A({ key: 'seed-swap', kind: 'event', categories: ['gardening', 'social'], audiences: ['everyone', 'adults-50'], languages: ['fr'], where: ['community_garden', 'library'], hours: [10, 14], minutes: 90, freeShare: 1,
    title: { en: 'Seed swap and growing tips', fr: 'Troc de graines et conseils de culture', he: 'החלפת זרעים וטיפים לגידול', pl: 'Wymiana nasion i porady ogrodnicze', uk: 'Обмін насінням і поради з вирощування', ru: 'Обмен семенами и советы по выращиванию' } }),
  A({ key: 'kids-garden', kind: 'program', categories: ['gardening', 'family-children'], audiences: ['young-families'], languages: [], where: ['community_garden'], hours: [10, 16], minutes: 60, freeShare: 0.8, ages: [4, 11],
    title: { en: 'Little growers: gardening for children', fr: 'Petits jardiniers : jardinage pour enfants', he: 'מגדלים קטנים: גינון לילדים', pl: 'Mali ogrodnicy: ogrodnictwo dla dzieci', uk: 'Маленькі садівники: садівництво для дітей', ru: 'Юные садоводы: садоводство для детей' } }),
  A({ key: 'seniors-raised-beds', kind: 'program', categories: ['gardening', 'health-wellbeing'], audiences: ['seniors', 'disabilities'], languages: [], where: ['community_garden'], hours: [10], minutes: 90, freeShare: 1,
    title: { en: 'Raised-bed gardening for seniors', fr: 'Jardinage en bacs surélevés pour aînés', he: 'גינון בערוגות מוגבהות לגיל הזהב', pl: 'Ogrodnictwo w podwyższonych grządkach dla seniorów', uk: 'Садівництво на піднятих грядках для людей похилого віку', ru: 'Садоводство на приподнятых грядках для пожилых' } }),
  A({ key: 'nature-walk', kind: 'program', categories: ['parks-nature', 'health-wellbeing'], audiences: ['everyone', 'adults-50'], languages: [], where: ['park'], hours: [9, 10, 18], minutes: 75, freeShare: 1,
    title: { en: 'Guided nature walk', fr: 'Balade nature guidée', he: 'סיור טבע מודרך', pl: 'Spacer przyrodniczy z przewodnikiem', uk: 'Прогулянка природою з гідом', ru: 'Прогулка по природе с гидом' } }),
  A({ key: 'nordic-walking', kind: 'program', categories: ['sport', 'parks-nature'], audiences: ['seniors', 'adults-50'], languages: ['pl'], where: ['park'], hours: [9, 10], minutes: 60, freeShare: 0.7,
    title: { en: 'Nordic walking for over-60s', fr: 'Marche nordique pour les plus de 60 ans', he: 'הליכה נורדית לבני 60 ומעלה', pl: 'Nordic walking dla osób 60+', uk: 'Скандинавська ходьба для людей 60+', ru: 'Скандинавская ходьба для 60+' } }),
  A({ key: 'park-cleanup', kind: 'volunteering', categories: ['volunteering', 'parks-nature'], audiences: ['everyone', 'youth'], languages: [], where: ['park'], hours: [10], minutes: 120, freeShare: 1,
    title: { en: 'Park clean-up volunteers', fr: 'Bénévoles pour le nettoyage du parc', he: 'מתנדבים לניקיון הפארק', pl: 'Wolontariusze sprzątania parku', uk: 'Волонтери з прибирання парку', ru: 'Волонтёры по уборке парка' } }),
  A({ key: 'bird-count', kind: 'event', categories: ['parks-nature', 'learning'], audiences: ['everyone', 'young-families'], languages: ['fr'], where: ['park'], hours: [8], minutes: 120, freeShare: 1,
    title: { en: 'Neighbourhood bird count', fr: 'Comptage des oiseaux du quartier', he: 'ספירת ציפורים שכונתית', pl: 'Osiedlowe liczenie ptaków', uk: 'Підрахунок птахів у районі', ru: 'Подсчёт птиц в районе' } }),
  A({ key: 'chair-yoga', kind: 'program', categories: ['health-wellbeing', 'sport'], audiences: ['seniors', 'disabilities'], languages: ['ru'], where: ['community_centre'], hours: [10, 11, 14], minutes: 45, freeShare: 0.6,
    title: { en: 'Chair yoga', fr: 'Yoga sur chaise', he: 'יוגה על כיסא', pl: 'Joga na krzesłach', uk: 'Йога на стільці', ru: 'Йога на стуле' } }),
  A({ key: 'strength-balance', kind: 'program', categories: ['health-wellbeing', 'sport'], audiences: ['seniors'], languages: [], where: ['community_centre'], hours: [9, 11], minutes: 60, freeShare: 0.5,
    title: { en: 'Strength and balance (falls prevention)', fr: 'Force et équilibre (prévention des chutes)', he: 'כוח ושיווי משקל (מניעת נפילות)', pl: 'Siła i równowaga (zapobieganie upadkom)', uk: 'Сила і рівновага (запобігання падінням)', ru: 'Сила и равновесие (профилактика падений)' } }),
  A({ key: 'walking-football', kind: 'program', categories: ['sport', 'social'], audiences: ['adults-50'], languages: [], where: ['park', 'community_centre'], hours: [10, 18], minutes: 60, freeShare: 0.5,
    title: { en: 'Walking football', fr: 'Football en marchant', he: 'כדורגל בהליכה', pl: 'Piłka nożna w marszu', uk: 'Футбол у ходьбі', ru: 'Футбол шагом' } }),
  A({ key: 'youth-basketball', kind: 'program', categories: ['sport'], audiences: ['youth'], languages: [], where: ['community_centre', 'park'], hours: [16, 17, 19], minutes: 90, freeShare: 0.8, ages: [12, 18],
    title: { en: 'Youth basketball drop-in', fr: 'Basket libre pour les jeunes', he: 'כדורסל פתוח לנוער', pl: 'Otwarta koszykówka dla młodzieży', uk: 'Відкритий баскетбол для молоді', ru: 'Открытый баскетбол для молодёжи' } }),
  A({ key: 'parkrun-style', kind: 'event', categories: ['sport', 'parks-nature'], audiences: ['everyone'], languages: [], where: ['park'], hours: [9], minutes: 60, freeShare: 1,
    title: { en: 'Saturday 5 km run', fr: 'Course de 5 km du samedi', he: 'ריצת 5 ק"מ בשבת', pl: 'Sobotni bieg na 5 km', uk: 'Суботній забіг на 5 км', ru: 'Субботний забег на 5 км' } }),
  A({ key: 'aqua-mums', kind: 'program', categories: ['sport', 'health-wellbeing'], audiences: ['new-parents'], languages: [], where: ['community_centre'], hours: [10, 13], minutes: 45, freeShare: 0.3,
    title: { en: 'Postnatal fitness with baby', fr: 'Remise en forme post-natale avec bébé', he: 'כושר אחרי לידה עם התינוק', pl: 'Fitness po porodzie z dzieckiem', uk: 'Фітнес після пологів разом із малюком', ru: 'Фитнес после родов вместе с малышом' } }),
  A({ key: 'baby-cafe', kind: 'group', categories: ['family-children', 'social', 'health-wellbeing'], audiences: ['new-parents'], languages: ['pl', 'uk'], where: ['community_centre', 'library'], hours: [10], minutes: 120, freeShare: 1,
    title: { en: 'Baby café for new parents', fr: 'Café bébé pour jeunes parents', he: 'בית קפה לתינוקות ולהורים טריים', pl: 'Kawiarenka dla młodych rodziców', uk: 'Кафе для молодих батьків з немовлятами', ru: 'Кафе для молодых родителей с малышами' } }),
  A({ key: 'rhyme-time', kind: 'program', categories: ['family-children', 'learning'], audiences: ['new-parents', 'young-families'], languages: ['fr'], where: ['library'], hours: [10, 11], minutes: 30, freeShare: 1, ages: [0, 4],
    title: { en: 'Rhyme time for babies and toddlers', fr: 'Comptines pour bébés et tout-petits', he: 'שירים וחרוזים לתינוקות ופעוטות', pl: 'Rymowanki dla niemowląt i maluchów', uk: 'Віршики для немовлят і малюків', ru: 'Стишки для малышей' } }),
  A({ key: 'breastfeeding', kind: 'service', categories: ['health-wellbeing', 'support-services'], audiences: ['new-parents'], languages: ['he', 'ru'], where: ['community_centre'], hours: [13], minutes: 90, freeShare: 1,
    title: { en: 'Breastfeeding support group', fr: "Groupe de soutien à l'allaitement", he: 'קבוצת תמיכה בהנקה', pl: 'Grupa wsparcia w karmieniu piersią', uk: 'Група підтримки грудного вигодовування', ru: 'Группа поддержки грудного вскармливания' } }),
  A({ key: 'family-play', kind: 'program', categories: ['family-children'], audiences: ['young-families'], languages: [], where: ['community_centre', 'park'], hours: [10, 15], minutes: 90, freeShare: 0.9, ages: [0, 6],
    title: { en: 'Family play morning', fr: 'Matinée de jeux en famille', he: 'בוקר משחקים למשפחות', pl: 'Poranek zabaw rodzinnych', uk: 'Ранок сімейних ігор', ru: 'Утро семейных игр' } }),
  A({ key: 'homework-club', kind: 'program', categories: ['learning', 'family-children'], audiences: ['youth', 'newcomers'], languages: ['uk', 'ru'], where: ['library', 'community_centre'], hours: [15, 16], minutes: 90, freeShare: 1, ages: [8, 16],
    title: { en: 'Homework club', fr: 'Aide aux devoirs', he: 'מועדון שיעורי בית', pl: 'Klub odrabiania lekcji', uk: 'Клуб допомоги з домашніми завданнями', ru: 'Клуб помощи с домашними заданиями' } }),
  A({ key: 'language-cafe', kind: 'group', categories: ['learning', 'social'], audiences: ['newcomers', 'everyone'], languages: ['uk', 'ru', 'pl', 'fr'], where: ['library', 'community_centre'], hours: [18, 19], minutes: 90, freeShare: 1,
    title: { en: 'Language café: practise English', fr: "Café des langues : pratiquer l'anglais", he: 'קפה שפות: תרגול אנגלית', pl: 'Kawiarenka językowa: ćwicz angielski', uk: 'Мовне кафе: практика англійської', ru: 'Языковое кафе: практика английского' } }),
  A({ key: 'english-newcomers', kind: 'program', categories: ['learning', 'support-services'], audiences: ['newcomers'], languages: ['uk', 'ru'], where: ['community_centre', 'library'], hours: [10, 18], minutes: 90, freeShare: 1,
    title: { en: 'English for newcomers from Ukraine', fr: "Anglais pour les nouveaux arrivants d'Ukraine", he: 'אנגלית לעולים מאוקראינה', pl: 'Angielski dla przybyszów z Ukrainy', uk: 'Англійська для новоприбулих з України', ru: 'Английский для прибывших из Украины' } }),
  A({ key: 'newcomer-advice', kind: 'service', categories: ['support-services', 'civic'], audiences: ['newcomers'], languages: ['uk', 'ru', 'pl'], where: ['community_centre'], hours: [9, 14], minutes: 180, freeShare: 1,
    title: { en: 'Newcomer advice desk: housing, work, school', fr: 'Permanence pour nouveaux arrivants : logement, travail, école', he: 'דלפק ייעוץ לעולים: דיור, עבודה, לימודים', pl: 'Punkt porad dla nowo przybyłych: mieszkanie, praca, szkoła', uk: 'Консультації для новоприбулих: житло, робота, школа', ru: 'Консультации для новоприбывших: жильё, работа, школа' } }),
  A({ key: 'ukrainian-club', kind: 'group', categories: ['social', 'culture'], audiences: ['newcomers', 'everyone'], languages: ['uk'], where: ['community_centre'], hours: [17, 18], minutes: 120, freeShare: 1,
    title: { en: 'Ukrainian community evening', fr: 'Soirée de la communauté ukrainienne', he: 'ערב הקהילה האוקראינית', pl: 'Wieczór społeczności ukraińskiej', uk: 'Вечір української громади', ru: 'Вечер украинской общины' } }),
  A({ key: 'digital-help', kind: 'service', categories: ['learning', 'support-services'], audiences: ['seniors', 'adults-50'], languages: ['ru'], where: ['library', 'community_centre'], hours: [10, 14], minutes: 120, freeShare: 1,
    title: { en: 'Digital help: smartphones and video calls', fr: 'Aide numérique : smartphones et appels vidéo', he: 'עזרה דיגיטלית: סמארטפונים ושיחות וידאו', pl: 'Pomoc cyfrowa: smartfony i rozmowy wideo', uk: 'Цифрова допомога: смартфони та відеодзвінки', ru: 'Цифровая помощь: смартфоны и видеозвонки' } }),
  A({ key: 'memory-cafe', kind: 'group', categories: ['health-wellbeing', 'social'], audiences: ['seniors'], languages: [], where: ['community_centre'], hours: [14], minutes: 120, freeShare: 1,
    title: { en: 'Memory café', fr: 'Café mémoire', he: 'קפה זיכרון', pl: 'Kawiarenka pamięci', uk: "Кафе пам'яті", ru: 'Кафе памяти' } }),
  A({ key: 'lunch-club', kind: 'program', categories: ['social', 'food-support'], audiences: ['seniors'], languages: ['pl'], where: ['community_centre'], hours: [12], minutes: 90, freeShare: 0.4,
    title: { en: 'Friendship lunch club', fr: "Club déjeuner de l'amitié", he: 'מועדון ארוחת צהריים חברתית', pl: 'Klub wspólnych obiadów', uk: 'Клуб дружніх обідів', ru: 'Клуб дружеских обедов' } }),
  A({ key: 'newcomer-grandparents', kind: 'group', categories: ['social'], audiences: ['seniors', 'newcomers'], languages: ['fr', 'he', 'ru'], where: ['community_centre', 'library'], hours: [10, 15], minutes: 90, freeShare: 1,
    title: { en: 'New in town? Coffee for grandparents who moved to be near family', fr: 'Nouveaux en ville ? Café pour grands-parents venus rejoindre leur famille', he: 'חדשים בעיר? קפה לסבים וסבתות שעברו לגור ליד המשפחה', pl: 'Nowi w mieście? Kawa dla dziadków, którzy przeprowadzili się bliżej rodziny', uk: 'Нові в місті? Кава для бабусь і дідусів, що переїхали до родини', ru: 'Новенькие в городе? Кофе для бабушек и дедушек, переехавших к семье' } }),
  A({ key: 'empty-nest', kind: 'group', categories: ['social', 'culture'], audiences: ['adults-50'], languages: [], where: ['community_centre', 'own'], hours: [19], minutes: 120, freeShare: 0.6,
    title: { en: 'Fifty-plus social: walks, talks and suppers', fr: 'Rencontres 50+ : balades, causeries et dîners', he: 'מפגשי 50+: טיולים, הרצאות וארוחות ערב', pl: 'Spotkania 50+: spacery, rozmowy i kolacje', uk: 'Зустрічі 50+: прогулянки, розмови та вечері', ru: 'Встречи 50+: прогулки, беседы и ужины' } }),
  A({ key: 'coworking-day', kind: 'program', categories: ['co-working', 'social'], audiences: ['remote-workers'], languages: ['fr', 'pl'], where: ['coworking', 'library', 'community_centre'], hours: [9], minutes: 480, freeShare: 0.7,
    title: { en: 'Free co-working day', fr: 'Journée de cotravail gratuite', he: 'יום עבודה משותפת חינם', pl: 'Darmowy dzień coworkingu', uk: 'Безкоштовний день коворкінгу', ru: 'Бесплатный день коворкинга' } }),
  A({ key: 'remote-lunch', kind: 'group', categories: ['co-working', 'social'], audiences: ['remote-workers'], languages: [], where: ['coworking', 'own'], hours: [12], minutes: 60, freeShare: 1,
    title: { en: 'Remote workers’ lunch meet-up', fr: 'Déjeuner des télétravailleurs', he: 'מפגש צהריים לעובדים מהבית', pl: 'Lunch dla pracujących zdalnie', uk: 'Обідня зустріч для віддалених працівників', ru: 'Обеденная встреча удалённых работников' } }),
  A({ key: 'choir', kind: 'group', categories: ['culture', 'social'], audiences: ['everyone', 'adults-50'], languages: [], where: ['community_centre', 'own'], hours: [19], minutes: 120, freeShare: 0.5,
    title: { en: 'Community choir', fr: 'Chorale de quartier', he: 'מקהלה קהילתית', pl: 'Chór sąsiedzki', uk: 'Громадський хор', ru: 'Районный хор' } }),
  A({ key: 'art-class', kind: 'program', categories: ['culture', 'learning'], audiences: ['adults-50', 'everyone'], languages: ['fr'], where: ['community_centre'], hours: [10, 18], minutes: 120, freeShare: 0.3,
    title: { en: 'Watercolour painting class', fr: "Cours d'aquarelle", he: 'חוג ציור בצבעי מים', pl: 'Kurs malarstwa akwarelowego', uk: 'Заняття з акварельного живопису', ru: 'Занятия акварельной живописью' } }),
  A({ key: 'youth-theatre', kind: 'program', categories: ['culture'], audiences: ['youth'], languages: [], where: ['community_centre'], hours: [16, 17], minutes: 90, freeShare: 0.7, ages: [11, 18],
    title: { en: 'Youth theatre workshop', fr: 'Atelier de théâtre pour les jeunes', he: 'סדנת תיאטרון לנוער', pl: 'Warsztaty teatralne dla młodzieży', uk: 'Театральна майстерня для молоді', ru: 'Театральная мастерская для молодёжи' } }),
  A({ key: 'book-club', kind: 'group', categories: ['culture', 'social'], audiences: ['adults-50', 'seniors'], languages: ['he', 'ru'], where: ['library'], hours: [11, 18], minutes: 90, freeShare: 1,
    title: { en: 'Book club', fr: 'Club de lecture', he: 'מועדון קריאה', pl: 'Klub książki', uk: 'Книжковий клуб', ru: 'Книжный клуб' } }),
  A({ key: 'repair-cafe', kind: 'event', categories: ['volunteering', 'civic', 'social'], audiences: ['everyone'], languages: ['pl'], where: ['community_centre', 'library'], hours: [10, 13], minutes: 180, freeShare: 1,
    title: { en: 'Repair café', fr: 'Repair café', he: 'קפה תיקונים', pl: 'Kawiarenka naprawcza', uk: 'Ремонтне кафе', ru: 'Ремонтное кафе' } }),
  A({ key: 'befriending', kind: 'volunteering', categories: ['volunteering', 'social'], audiences: ['everyone', 'adults-50'], languages: [], where: ['community_centre'], hours: [18], minutes: 60, freeShare: 1,
    title: { en: 'Volunteer as a befriender for an isolated neighbour', fr: 'Devenez bénévole de compagnie pour un voisin isolé', he: 'התנדבו ללוות שכן בודד', pl: 'Zostań wolontariuszem – towarzysz samotnego sąsiada', uk: 'Станьте волонтером-другом для самотнього сусіда', ru: 'Станьте волонтёром-другом для одинокого соседа' } }),
  A({ key: 'food-bank-volunteer', kind: 'volunteering', categories: ['volunteering', 'food-support'], audiences: ['everyone', 'youth', 'remote-workers'], languages: [], where: ['community_centre', 'own'], hours: [9, 17], minutes: 180, freeShare: 1,
    title: { en: 'Food bank volunteers', fr: 'Bénévoles à la banque alimentaire', he: 'מתנדבים בבנק המזון', pl: 'Wolontariusze banku żywności', uk: 'Волонтери продовольчого банку', ru: 'Волонтёры продовольственного банка' } }),
  A({ key: 'food-bank', kind: 'service', categories: ['food-support', 'support-services'], audiences: ['everyone', 'newcomers'], languages: ['uk', 'ru', 'pl'], where: ['community_centre', 'own'], hours: [10, 16], minutes: 180, freeShare: 1,
    title: { en: 'Food bank distribution', fr: 'Distribution de la banque alimentaire', he: 'חלוקת מזון של בנק המזון', pl: 'Wydawanie żywności', uk: 'Видача продуктів продовольчого банку', ru: 'Раздача продуктов продовольственного банка' } }),
  A({ key: 'community-meal', kind: 'event', categories: ['food-support', 'social'], audiences: ['everyone', 'seniors', 'newcomers'], languages: ['fr', 'he'], where: ['community_centre'], hours: [18], minutes: 120, freeShare: 1,
    title: { en: 'Community supper', fr: 'Souper communautaire', he: 'ארוחת ערב קהילתית', pl: 'Wspólna kolacja sąsiedzka', uk: 'Громадська вечеря', ru: 'Общая соседская вечеря' } }),
  A({ key: 'cooking-budget', kind: 'program', categories: ['food-support', 'learning', 'health-wellbeing'], audiences: ['young-families', 'newcomers'], languages: ['uk'], where: ['community_centre'], hours: [17, 18], minutes: 120, freeShare: 1,
    title: { en: 'Cooking well on a budget', fr: 'Bien cuisiner à petit budget', he: 'בישול טוב בתקציב נמוך', pl: 'Dobre gotowanie przy małym budżecie', uk: 'Смачно готувати з невеликим бюджетом', ru: 'Вкусно готовить при небольшом бюджете' } }),
  A({ key: 'neighbourhood-council', kind: 'event', categories: ['civic'], audiences: ['everyone'], languages: ['fr'], where: ['community_centre'], hours: [19], minutes: 120, freeShare: 1,
    title: { en: 'Neighbourhood council open meeting', fr: 'Conseil de quartier – séance publique', he: 'ישיבה פתוחה של מועצת השכונה', pl: 'Otwarte posiedzenie rady osiedla', uk: 'Відкрите засідання ради району', ru: 'Открытое заседание совета района' } }),
  A({ key: 'participatory-budget', kind: 'event', categories: ['civic', 'grants'], audiences: ['everyone', 'youth'], languages: ['pl', 'uk'], where: ['community_centre', 'library'], hours: [18], minutes: 90, freeShare: 1,
    title: { en: 'Participatory budget: propose a project', fr: 'Budget participatif : proposez un projet', he: 'תקציב משתתף: הציעו פרויקט', pl: 'Budżet obywatelski: zgłoś projekt', uk: 'Бюджет участі: запропонуйте проєкт', ru: 'Бюджет участия: предложите проект' } }),
  A({ key: 'micro-grants', kind: 'grant', categories: ['grants', 'civic'], audiences: ['everyone', 'seniors', 'youth'], languages: [], where: ['community_centre'], hours: [10], minutes: 120, freeShare: 1,
    title: { en: 'Small grants for neighbourhood projects: drop-in advice', fr: 'Petites subventions pour projets de quartier : conseils', he: 'מענקים קטנים לפרויקטים שכונתיים: ייעוץ פתוח', pl: 'Mikrogranty na projekty sąsiedzkie: dyżur doradczy', uk: 'Малі гранти на сусідські проєкти: консультації', ru: 'Малые гранты на соседские проекты: консультации' } }),
  A({ key: 'accessible-sport', kind: 'program', categories: ['sport', 'health-wellbeing'], audiences: ['disabilities'], languages: [], where: ['community_centre'], hours: [11, 17], minutes: 60, freeShare: 0.8,
    title: { en: 'Inclusive sport: boccia and wheelchair basketball', fr: 'Sport inclusif : boccia et basket fauteuil', he: 'ספורט מכליל: בוצ׳ה וכדורסל בכיסאות גלגלים', pl: 'Sport integracyjny: boccia i koszykówka na wózkach', uk: 'Інклюзивний спорт: бочча і баскетбол на візках', ru: 'Инклюзивный спорт: бочча и баскетбол на колясках' } }),
  A({ key: 'sign-language', kind: 'program', categories: ['learning', 'social'], audiences: ['disabilities', 'everyone'], languages: [], where: ['library', 'community_centre'], hours: [18], minutes: 90, freeShare: 0.6,
    title: { en: 'Sign language for beginners', fr: 'Langue des signes pour débutants', he: 'שפת הסימנים למתחילים', pl: 'Język migowy dla początkujących', uk: 'Жестова мова для початківців', ru: 'Жестовый язык для начинающих' } }),
  A({ key: 'carers-support', kind: 'service', categories: ['support-services', 'health-wellbeing'], audiences: ['disabilities', 'adults-50'], languages: ['he'], where: ['community_centre'], hours: [10, 18], minutes: 90, freeShare: 1,
    title: { en: 'Carers’ support group', fr: 'Groupe de soutien aux aidants', he: 'קבוצת תמיכה למטפלים', pl: 'Grupa wsparcia dla opiekunów', uk: 'Група підтримки для доглядальників', ru: 'Группа поддержки для ухаживающих' } }),
  A({ key: 'mens-shed', kind: 'group', categories: ['social', 'health-wellbeing', 'volunteering'], audiences: ['seniors', 'adults-50'], languages: [], where: ['community_centre', 'own'], hours: [10, 14], minutes: 180, freeShare: 0.8,
    title: { en: 'Community workshop shed: woodwork and fixing', fr: 'Atelier partagé : menuiserie et bricolage', he: 'סדנה קהילתית: נגרות ותיקונים', pl: 'Warsztat sąsiedzki: stolarka i naprawy', uk: 'Громадська майстерня: столярство і ремонт', ru: 'Общественная мастерская: столярка и ремонт' } }),
  A({ key: 'teen-drop-in', kind: 'program', categories: ['social', 'support-services'], audiences: ['youth'], languages: ['uk'], where: ['community_centre'], hours: [16, 18], minutes: 150, freeShare: 1, ages: [13, 19],
    title: { en: 'Teen drop-in', fr: 'Accueil libre ados', he: 'מועדון נוער פתוח', pl: 'Otwarty klub dla nastolatków', uk: 'Відкритий клуб для підлітків', ru: 'Открытый клуб для подростков' } }),
  A({ key: 'tai-chi-park', kind: 'program', categories: ['health-wellbeing', 'parks-nature'], audiences: ['seniors', 'adults-50', 'everyone'], languages: ['ru'], where: ['park'], hours: [8, 9], minutes: 45, freeShare: 1,
    title: { en: 'Tai chi in the park', fr: 'Tai-chi au parc', he: 'טאי צ׳י בפארק', pl: 'Tai chi w parku', uk: 'Тайцзі в парку', ru: 'Тайцзи в парке' } }),
  A({ key: 'tree-planting', kind: 'volunteering', categories: ['volunteering', 'parks-nature', 'civic'], audiences: ['everyone', 'young-families', 'remote-workers'], languages: [], where: ['park'], hours: [10], minutes: 150, freeShare: 1,
    title: { en: 'Tree planting day', fr: 'Journée de plantation d’arbres', he: 'יום נטיעות', pl: 'Dzień sadzenia drzew', uk: 'День висадки дерев', ru: 'День посадки деревьев' } }),
];

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
