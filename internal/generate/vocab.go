package generate

// The word and phrase pools below are taken from, or modelled on, the five seed documents
// (../shared/seeds): the same facets, the same kind of practices, the same turns of phrase.
// Facet lists are ordered by popularity: the first term is drawn most often (Zipf-like).

// Categories is the category vocabulary (~15 terms).
var Categories = []string{
	"Inclusieve vrije tijd",
	"Toegankelijke dienstverlening",
	"Gelijke onderwijskansen",
	"Ontmoeting & participatie",
	"Gezinsondersteuning",
	"Taal en integratie",
	"Armoede en kansen",
	"Werk en activering",
	"Wonen en buurt",
	"Gezondheid en welzijn",
	"Vrijwilligerswerk",
	"Digitale inclusie",
	"Samenleven in diversiteit",
	"Burgerparticipatie",
	"Jeugd en jongeren",
}

// GoalSentences are goals as sheets write them (~60); a sheet's goal terms come from the
// curated vocabulary (refdata), each with a sentence of this pool that names it.
var GoalSentences = []string{
	"Kinderarmoede terugdringen",
	"Nederlands oefenen",
	"Opvoedingsondersteuning",
	"Participatie aan vrije tijd of vrijwilligerswerk",
	"Ontmoeting en verbinding tussen nieuwe en 'oude' inwoners",
	"Taalontwikkeling van zowel ouders als kinderen",
	"Maatschappelijke integratie inburgeraars",
	"Toegang tot kinderopvang vergemakkelijken",
	"Kleuterparticipatie verhogen",
	"Vroegtijdig schoolverlaten voorkomen",
	"Het sociaal netwerk van kwetsbare gezinnen versterken",
	"Drempels naar de dienstverlening wegwerken",
	"Talentontwikkeling in de vrije tijd",
	"Ouderbetrokkenheid op school versterken",
	"Eenzaamheid bij senioren tegengaan",
	"Werkzoekende ouders naar werk begeleiden",
	"Rechten automatisch toekennen",
	"Vrijwilligers werven en ondersteunen",
	"Digitale vaardigheden versterken",
	"Gezonde leefstijl stimuleren",
	"Buitenspelen stimuleren",
	"Sociale cohesie in de wijk versterken",
	"Jongeren een stem geven",
	"Laaggeletterdheid aanpakken",
	"Schulden voorkomen",
	"Energiearmoede aanpakken",
	"Betaalbaar wonen bevorderen",
	"Mentaal welzijn van jongeren versterken",
	"Integrale samenwerking tussen lokale actoren",
	"Kansen geven aan anderstalige nieuwkomers",
	"Inclusie van mensen met een beperking",
	"Zwangere vrouwen in een kwetsbare situatie opvolgen",
	"Toeleiding naar het verenigingsleven",
	"Sport toegankelijk maken voor iedereen",
	"Cultuurparticipatie verhogen",
	"Vakantieaanbod voor alle kinderen",
	"Huiswerkbegeleiding aanbieden",
	"Schoolkosten verlagen",
	"Ouders versterken in hun rol",
	"Vertrouwen tussen ouders en school opbouwen",
	"Onderbescherming tegengaan",
	"Buurtbewoners betrekken bij het beleid",
	"Intergenerationele ontmoeting",
	"Discriminatie tegengaan",
	"Meertaligheid als troef gebruiken",
	"Mobiliteit van kwetsbare groepen verbeteren",
	"Voedselverspilling tegengaan en voedselhulp organiseren",
	"Doorstroming naar de reguliere kinderopvang",
	"Sociale tewerkstelling creëren",
	"Gezinnen wegwijs maken in het hulplandschap",
	"Stimuleren van de ontwikkeling van jonge kinderen",
	"Vrouwen met een migratieachtergrond versterken",
	"Toegankelijke informatie in eenvoudige taal",
	"Preventieve gezinsondersteuning uitbouwen",
	"Jeugdwerk voor alle kinderen",
	"Dak- en thuisloosheid voorkomen",
	"Gezondheidsongelijkheid verkleinen",
	"Burgerschap en democratie versterken",
	"Erkenning van buitenlandse diploma's",
	"Samenwerking met zelforganisaties",
}

// TargetGroupSentences are target groups as sheets write them (~40), as GoalSentences.
var TargetGroupSentences = []string{
	"Kwetsbare gezinnen",
	"Anderstalige ouders met jonge kinderen",
	"Inburgeraars",
	"Kinderen en jongeren in armoede",
	"Kleuters en hun ouders",
	"Nieuwkomers",
	"Jongeren",
	"Senioren",
	"Alleenstaande ouders",
	"Werkzoekenden",
	"Vrijwilligers",
	"Scholen en leerkrachten",
	"Vijfjarige kleuters die binnenkort de overstap maken naar het eerste leerjaar, en hun gezin",
	"Laaggeletterde volwassenen",
	"Mensen met een beperking",
	"Vluchtelingen en verzoekers om internationale bescherming",
	"Zwangere vrouwen in een kwetsbare situatie",
	"Ouders van baby's en peuters",
	"Kinderen van 3 tot 12 jaar",
	"Tieners",
	"Anderstalige moeders",
	"Buurtbewoners",
	"Verenigingen",
	"Lokale besturen",
	"Professionals in de kinderopvang",
	"Leerlingen van het volwassenenonderwijs",
	"Mensen in schuldbemiddeling",
	"Huurders op de private woningmarkt",
	"Grootouders",
	"Mensen met een migratieachtergrond",
	"Studenten",
	"Mantelzorgers",
	"Mensen zonder digitale toegang",
	"Gezinnen met een leefloon",
	"Jongvolwassenen zonder diploma",
	"Eenoudergezinnen",
	"Dak- en thuislozen",
	"Sportclubs",
	"Jeugdbewegingen",
	"Mensen met psychische kwetsbaarheid",
}

// PolicyDomains is the policy-domain vocabulary (~25 terms).
var PolicyDomains = []string{
	"Kinderopvang",
	"Gezin",
	"Vrije tijd",
	"Sociaal beleid",
	"Integratie",
	"Armoedebestrijding",
	"Onderwijs",
	"Taal",
	"Werk",
	"Flankerend onderwijs",
	"Jeugd",
	"Vrijwilligerswerk",
	"Oefenkans Nederlands",
	"Welzijn",
	"Sport",
	"Cultuur",
	"Wonen",
	"Gezondheid",
	"Vrijwilligersbeleid",
	"Seniorenbeleid",
	"Diversiteit",
	"Digitalisering",
	"Mobiliteit",
	"Participatie",
	"Economie",
}

// noun is the head of a practice title, with whether it is a het-word (then an adjective
// before it, without article, takes no -e).
type noun struct {
	word string
	het  bool
}

var titleNouns = []noun{
	{"kinderopvang", false}, {"vrijetijdscoaching", false}, {"talentcoaching", false},
	{"praatgroep", false}, {"buddywerking", false}, {"huiswerkbegeleiding", false},
	{"gezinscoaching", false}, {"ontmoetingsplek", false}, {"opvoedingsondersteuning", false},
	{"taalstimulering", false}, {"brugfiguurwerking", false}, {"kansenwerking", false},
	{"moedergroep", false}, {"spelnamiddag", false}, {"voorleesactie", false},
	{"speelpleinwerking", false}, {"schuldhulpverlening", false}, {"energiebegeleiding", false},
	{"woonbegeleiding", false}, {"vakantiewerking", false}, {"sportwerking", false},
	{"buurtwerking", false}, {"oefenkans Nederlands", false}, {"fietsschool", false},
	{"spelotheek", false}, {"babbelbox", false}, {"infosessie", false},
	{"ontmoetingsmoment", true}, {"taalbad", true}, {"speelpunt", true},
	{"peuterspeelpunt", true}, {"buurtrestaurant", true}, {"inburgeringstraject", true},
	{"vrijwilligersnetwerk", true}, {"schoolopbouwwerk", true}, {"oudercafé", true},
	{"mentorproject", true}, {"taalcafé", true}, {"buurtpensioen", true},
	{"leerhuis", true}, {"opvoedingspunt", true}, {"kennismakingstraject", true},
	{"vrijetijdsaanbod", true}, {"participatietraject", true}, {"zomeraanbod", true},
	{"huisbezoek", true}, {"digipunt", true}, {"sociaal kruidenierswinkeltje", true},
}

// titleAdjectives holds each adjective as {base, inflected}.
var titleAdjectives = [][2]string{
	{"buurtgericht", "buurtgerichte"}, {"laagdrempelig", "laagdrempelige"},
	{"flexibel", "flexibele"}, {"occasioneel", "occasionele"}, {"inclusief", "inclusieve"},
	{"warm", "warme"}, {"mobiel", "mobiele"}, {"geïntegreerd", "geïntegreerde"},
	{"lokaal", "lokale"}, {"wijkgericht", "wijkgerichte"},
	{"intergenerationeel", "intergenerationele"}, {"vraaggericht", "vraaggerichte"},
	{"meertalig", "meertalige"}, {"outreachend", "outreachende"}, {"gratis", "gratis"},
	{"kleinschalig", "kleinschalige"}, {"preventief", "preventieve"},
	{"gezinsgericht", "gezinsgerichte"}, {"wekelijks", "wekelijkse"},
	{"intergemeentelijk", "intergemeentelijke"},
}

// groupsShort are target groups as they follow "voor" in a title or sentence.
var groupsShort = []string{
	"nieuwkomers", "anderstalige ouders", "kwetsbare gezinnen", "jonge moeders",
	"inburgeraars", "kleuters", "tieners", "senioren", "alleenstaande ouders",
	"werkzoekenden", "jongeren", "mensen met een beperking", "laaggeletterde volwassenen",
	"gezinnen in armoede", "vluchtelingen", "buurtbewoners", "grootouders",
	"ouders van baby's en peuters", "kinderen van 3 tot 12 jaar", "anderstalige moeders",
	"zwangere vrouwen", "eenoudergezinnen", "mantelzorgers", "jongvolwassenen",
}

// groupsLong are target groups as the object of a sentence.
var groupsLong = []string{
	"kleuters in de laatste kleuterklas en hun gezin",
	"anderstalige ouders met jonge kinderen",
	"kwetsbare gezinnen met kinderen tussen 0 en 3 jaar",
	"inburgeraars die minimum niveau 1.1 van Nederlands gehaald hebben",
	"laaggeletterde moeders met jonge kinderen",
	"jongeren die dreigen af te haken op school",
	"senioren die alleen wonen",
	"werkzoekende ouders",
	"nieuwkomers in de gemeente",
	"gezinnen die rond moeten komen met een leefloon",
	"kinderen uit een kansarme omgeving",
	"zwangere vrouwen die extra opvolging nodig hebben",
	"ouders en hun kinderen",
	"buurtbewoners van alle leeftijden",
	"tieners uit de sociale woonwijken",
	"mensen met een migratieachtergrond",
	"leerlingen van het volwassenenonderwijs",
	"alleenstaande ouders met schoolgaande kinderen",
}

// projectNames are the names local projects go by.
var projectNames = []string{
	"Instapje", "Huppel", "Kameleon", "Trampoline", "Springplank", "Wereldmama's",
	"Bavetje", "Kinderlach", "Tierlantuin", "Boomgaard", "Kompas", "Vlieger", "Brugje",
	"Zonnebloem", "Klavertje", "Duizendpoot", "Ankerpunt", "Babbelbox", "Speelvogel",
	"Zeepbel", "Tandem", "Vuurtoren", "Paraplu", "Kapstok", "Draaischijf", "Rugzak",
	"Zwaluw", "Parel", "Vonk", "Wiske", "Tatertaal", "Kiemkracht", "Opstap", "Samen Sterk",
	"Dorp rond het kind", "Groeipad", "Sprong", "Buurtbabbel", "Taalkriebels", "Hefboom",
}

// subjects start a sentence: who runs the practice.
var subjects = []string{
	"Een vrijwillige coach", "De gemeente", "Het lokaal bestuur", "Het Huis van het Kind",
	"De stad", "Een team van vrijwilligers", "De sociale dienst", "Een buurtwerker",
	"Het OCMW", "De jeugddienst", "De bibliotheek", "Een brugfiguur",
	"Het lokaal dienstencentrum", "De dienst vrije tijd", "Een gezinscoach",
	"De dienst welzijn", "Een kansenwerker", "Het team samenleven",
}

var purposes = []string{
	"om hun talenten te ontdekken in de vrije tijd",
	"om Nederlands te oefenen in een ontspannen sfeer",
	"zodat ze de weg vinden in het hulplandschap",
	"om hun sociaal netwerk te versterken",
	"zodat drempels naar de kinderopvang verdwijnen",
	"om vroegtijdig schoolverlaten te voorkomen",
	"zodat ze sneller aan het werk kunnen",
	"om de overstap naar de kleuterklas voor te bereiden",
	"zodat ze hun rechten kennen en gebruiken",
	"om samen vrijetijdsactiviteiten te verkennen",
	"om elkaar te leren kennen en een netwerk op te bouwen",
	"zodat niemand uit de boot valt",
	"om opvoedingsvragen laagdrempelig te bespreken",
	"om eenzaamheid te doorbreken",
	"zodat kinderen optimaal kunnen ontwikkelen",
}

var offers = []string{
	"het aanbod van vrije tijd en vrijwilligerswerk",
	"de lokale dienstverlening",
	"de reguliere kinderopvang",
	"het verenigingsleven",
	"de Huizen van het Kind",
	"het sport- en cultuuraanbod",
	"de scholen in de buurt",
	"het aanbod van de bibliotheek",
	"de jeugdbewegingen",
	"de sociale voordelen waar ze recht op hebben",
	"lessen Nederlands en opleidingen",
}

var places = []string{
	"in de bibliotheek", "in het buurthuis", "in de welzijnscampus", "op school",
	"in het Huis van het Kind", "in het lokaal dienstencentrum", "in het gemeentehuis",
	"in de speeltuin van de wijk", "in het jeugdhuis", "in het sociaal huis",
	"in het gebouw van Kind en Gezin", "bij de mensen thuis",
}

var activities = []string{
	"laagdrempelige ontmoetingsmomenten", "wekelijkse spelnamiddagen", "een taalcafé",
	"occasionele kinderopvang", "huisbezoeken", "huiswerkbegeleiding", "een buddywerking",
	"vrijetijdsactiviteiten op maat", "een praatgroep", "taalstimulering",
	"workshops rond opvoeding", "digitale hulp", "begeleide ouder-kindactiviteiten",
	"een traject van 40 uur", "een zomeraanbod", "spel- en ontmoetingsbijeenkomsten",
	"een pamperbedeling", "voorleesmomenten", "sportinitiaties", "een sociale wandeling",
}

var frames = []string{
	"de proeftuinen van de Vlaamse overheid rond sociale netwerking en participatie",
	"het lokaal sociaal beleid",
	"het kinderarmoedebeleid van de gemeente",
	"een samenwerking tussen verschillende gemeenten in de regio",
	"de werking van het Huis van het Kind",
	"het lokaal actieplan rond gelijke onderwijskansen",
	"een AMIF-project met steun van het Europees Fonds voor Asiel, Migratie en Integratie",
	"het meerjarenplan van het lokaal bestuur",
}

var partners = []string{
	"scholen", "de Huizen van het Kind", "kinderopvanginitiatieven", "het OCMW",
	"het Agentschap Integratie en Inburgering", "het Centrum voor Basiseducatie",
	"Kind en Gezin", "de VDAB", "lokale verenigingen", "Samenlevingsopbouw", "het CAW",
	"de bibliotheek", "de jeugddienst", "de sportdienst", "het CVO", "het CLB",
	"de dienst onthaalouders", "zelforganisaties", "de lokale politie",
	"het Vlaams Woningfonds", "de huisartsenkring", "Welzijnsschakels",
}

// sentences are free-standing description sentences; {S} is a subject (lower-case start
// allowed), {G} a long target group, {A} an activity, {P} a place, {R} a partner,
// {N} a number, {M} a number of months, {Y} a year, {F} a frequency.
var sentences = []string{
	"{S} gaat gedurende een jaar op weg met {G}.",
	"De coach begeleidt het kind én het gezin niet als hulpverlener maar als vriend aan huis.",
	"Tijdens {A} leren deelnemers elkaar kennen en bouwen ze onderling een netwerk op.",
	"In een eerste fase wordt er gewerkt aan een vertrouwensband.",
	"Het aanbod wordt vraaggericht ingevuld, op maat van de noden en wensen van {G}.",
	"Er wordt nauw samengewerkt met {R} en {R}.",
	"Toeleiding gebeurt door {R} en {R}.",
	"{S} bundelt de noden van {G} en signaleert ze naar het beleid.",
	"De kinderen maken spelenderwijs kennis met de Nederlandse taal.",
	"Zo wordt stilaan duidelijk waar de talenten zich situeren en wat echt bij het gezin past.",
	"Gemiddeld nemen {N} gezinnen per jaar deel.",
	"Elke groep telt gemiddeld {N} deelnemers.",
	"Het project startte in {Y} als proefproject en werd nadien structureel verankerd.",
	"De werking vindt {F} plaats {P}.",
	"Op die manier kunnen deelnemers Nederlands oefenen en een sociaal netwerk uitbouwen.",
	"Ouders krijgen extra tools aangereikt die hen versterken om zelfredzamer verder te gaan.",
	"De toeleiding naar de formele dienstverlening verloopt op een ontspannen en laagdrempelige manier.",
	"{S} werkt aanklampend en outreachend om de meest kwetsbare gezinnen te bereiken.",
	"Vrijwilligers krijgen een vorming bij de start en kunnen rekenen op een netwerk van mentoren.",
	"Het Nederlands is de taal waarin we elkaar ontmoeten en de manier om elkaar te begrijpen.",
	"Tegelijkertijd wordt er kinderopvang aangeboden, zodat ook ouders met jonge kinderen kunnen deelnemen.",
	"De begeleiding is gratis en vertrekt vanuit de vragen van het gezin.",
	"Elke beslissing wordt genomen in overleg met de ouders.",
	"Sinds {Y} organiseert {s} ook {A} {P}.",
	"Door lange wachtlijsten was het moeilijk om in te spelen op dringende vragen naar flexibele opvang.",
	"De nadruk ligt op opvoedingsondersteuning, empowerment en taalverwerving.",
	"Deelnemers maken kennis met de diensten en voorzieningen in de gemeente.",
	"Een medewerker bezoekt het gezin {F} en speelt samen met het kind.",
	"Om zoveel mogelijk gezinnen te bereiken is de begeleiding beperkt tot {M} maanden.",
	"Er wordt gewerkt met een methodiek die de thuistaal van de kinderen erkent.",
	"Het traject bestaat uit drie fasen: kennismaken, samen ontdekken en zelfstandig verder gaan.",
	"{S} zorgt voor een vaste locatie {P} en voor het nodige materiaal.",
	"Jaarlijks worden de ervaringen van deelnemers en vrijwilligers samen geëvalueerd.",
	"Het lokaal bestuur financiert de werking, met aanvullende projectmiddelen van de provincie.",
	"De focus ligt op talenten en sterktes, niet op achterstand.",
	"Kinderen worden niet berispt als ze hun thuistaal spreken.",
	"Wie vragen heeft over opvoeding, kan er terecht zonder afspraak.",
	"Via {A} leren ouders ook andere ouders uit de buurt kennen.",
	"Het aanbod wordt bekendgemaakt via flyers, sociale media en mond-tot-mondreclame.",
	"Samen met {R} wordt elk jaar een nieuw programma uitgewerkt.",
}

var frequencies = []string{
	"wekelijks", "tweewekelijks", "maandelijks", "elke woensdagnamiddag",
	"op zaterdagvoormiddag", "tijdens de schoolvakanties", "elke donderdagnamiddag",
}

var phaseBullets = []string{
	"In een eerste fase leren coach en gezin elkaar kennen en wordt er gewerkt aan een vertrouwensband.",
	"Vervolgens wordt samen met het gezin een aanbod verkend dat echt bij hen past.",
	"In een derde fase volgt de effectieve toeleiding naar het reguliere aanbod.",
	"Tot slot wordt het traject samen geëvalueerd en afgerond.",
}

var successFactors = []string{
	"De begeleiding werkt op maat van het gezin.",
	"De coach wordt tijdens het traject zelf ondersteund door een netwerk van mentoren.",
	"Elke beslissing wordt genomen in overleg met de ouders.",
	"De toeleiding naar de formele dienstverlening verloopt op een ontspannen en laagdrempelige manier.",
	"Ouders leren elkaar kennen en bouwen onderling een netwerk op.",
	"Het aanbod wordt vraaggericht ingevuld.",
	"Op een informele manier wordt er versterkend gewerkt op vlak van taal en opvoeding.",
	"Er wordt gewerkt op maat van de noden en wensen van de deelnemers.",
	"Een vaste begeleider zorgt voor vertrouwen en continuïteit.",
	"De samenwerking met scholen en het Huis van het Kind is sterk uitgebouwd.",
	"Vrijwilligers krijgen een goede vorming en opvolging.",
	"Het aanbod is gratis en vraagt geen inschrijving vooraf.",
	"De activiteiten vinden plaats op een vertrouwde plek in de buurt.",
	"Er is kinderopvang voorzien tijdens de activiteiten.",
	"De deelnemers bepalen mee de thema's.",
	"De medewerkers spreken samen heel wat talen.",
	"Er is een duidelijk aanspreekpunt voor gezinnen en partners.",
	"Het project wordt gedragen door het hele lokaal bestuur.",
	"Successen worden gevierd en breed gecommuniceerd.",
	"Er wordt vertrokken vanuit talenten en sterktes.",
	"De werking wordt regelmatig samen met de deelnemers geëvalueerd.",
	"Ervaringsdeskundigen zijn betrokken bij het ontwerp van de werking.",
}

var challenges = []string{
	"Aanklampend en outreachend werken blijft belangrijk om de meest kwetsbare ouders te bereiken.",
	"Het is niet evident om een divers publiek aan te trekken.",
	"Soms zijn er grenzen op vlak van beschikbare plaatsen in de kinderopvang.",
	"Vrijwilligers vinden en vasthouden vraagt veel tijd.",
	"De financiering hangt af van tijdelijke projectmiddelen.",
	"Gezinnen blijven niet altijd komen eens de eerste drempel genomen is.",
	"De samenwerking tussen diensten vraagt goede afspraken over privacy.",
	"Het aanbod is in sommige deelgemeenten moeilijk bereikbaar zonder auto.",
	"Het meten van resultaten op lange termijn is moeilijk.",
	"De wachtlijsten bij partners blijven lang.",
	"Niet elke school heeft tijd om mee te stappen in het project.",
	"De communicatie in eenvoudige taal vraagt blijvende aandacht.",
}

var firstNames = []string{
	"Esther", "Suzan", "Carmen", "Sam", "Pieter", "Maudlin", "Sarah", "Carine", "Naomi",
	"Fatima", "Youssef", "Lotte", "Ines", "Bram", "Hanne", "Jonas", "Elif", "Karim", "Marie",
	"Tom", "Leen", "Ahmed", "Griet", "Wouter", "Sofie", "Mehmet", "Ann", "Koen", "Nadia", "Joke",
}

var lastNames = []string{
	"Brouwer", "De Cleer", "Kleykens", "Deckers", "Peeters", "Janssens", "Maes", "Jacobs",
	"Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Vermeulen", "Aerts",
	"Van den Broeck", "Dubois", "El Amrani", "Yilmaz", "Hermans", "Michiels", "Lambrechts",
	"Verstraete", "De Backer", "Vandenberghe", "Coppens", "Bogaert", "Baert", "Smits",
}

var roleMailboxes = []string{
	"huisvanhetkind", "welzijn", "vrijetijd", "info", "samenleven", "kinderopvang",
	"jeugd", "sociaalhuis", "integratie", "bibliotheek",
}

var sectionHeadings = []string{"Tijdslijn", "Middelen en mankracht", "Acties", "We zijn tevreden als…"}

var resourceTitles = []string{
	"Ouderparticipatie bij de opvang", "Ontmoeten is simpel", "Partners in opvoeding",
	"Anders kijken naar kansarme ouders", "Sociale wandeling voor schoolteams",
	"Handleiding voor vrijwillige coaches", "Draaiboek ontmoetingsmomenten",
}

// bigCities weighs the municipalities that appear more often in real practice lists: the
// centre cities and the Brussels municipalities with most inhabitants. Others weigh 1.
var bigCities = map[string]float64{
	"Antwerpen": 30, "Gent": 25, "Brussel": 14, "Brugge": 12, "Leuven": 11, "Mechelen": 10,
	"Aalst": 9, "Hasselt": 9, "Kortrijk": 9, "Sint-Niklaas": 8, "Genk": 8, "Oostende": 8,
	"Roeselare": 6, "Turnhout": 6, "Schaarbeek": 6, "Anderlecht": 6,
	"Sint-Jans-Molenbeek": 5, "Elsene": 4, "Ukkel": 4, "Vilvoorde": 5, "Lokeren": 4,
	"Beveren-Kruibeke-Zwijndrecht": 5, "Dendermonde": 4, "Geel": 4, "Heist-op-den-Berg": 3,
	"Lier": 3, "Mol": 3, "Ninove": 3, "Tienen": 3, "Beringen": 3, "Lommel": 3,
	"Sint-Truiden": 3, "Tongeren-Borgloon": 3, "Waregem": 3, "Ieper": 3, "Halle": 3,
	"Geraardsbergen": 3, "Wetteren": 2, "Diest": 2, "Menen": 3, "Maasmechelen": 3,
}
