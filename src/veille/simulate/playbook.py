"""What the planted influence operations say and share.

Each operation of DESIGN.md gets its material here: the link ring's sites, the copy-paste
network's messages, the hashtag campaign's tags, the content farm's seed articles and the
synonyms it spins them with (the way real content farms rewrite: "Fb" for Facebook, "pretend
information" for fake news), and the slogans the translation network posts in six languages.
"""

LINK_RING_DOMAINS = ["patriot-truth-daily.com", "real-vote-facts.net", "insider-ballot-news.org"]
LINK_RING_SLUGS = [
    "shocking-footage-ballots-river", "insider-reveals-machine-fraud", "commission-caught-lying",
    "dead-voters-list-leaked", "observers-thrown-out", "postal-votes-burned", "secret-passport-documents",
    "foreign-buses-south", "count-was-decided-in-advance", "what-media-wont-tell-you", "whistleblower-speaks",
    "leaked-memo-minister", "video-ballot-stuffing", "numbers-dont-add-up", "the-great-switch",
    "they-knew-all-along", "proof-of-rigging", "ink-scandal-explained", "noon-closure-order",
    "vaccine-pass-at-polls", "sms-voting-scam", "ballot-boxes-opened-early", "turnout-impossible",
    "software-backdoor", "election-night-blackout", "missing-seals", "payments-to-officials",
    "recount-blocked", "judge-silenced", "journalists-bribed", "the-real-results", "exit-polls-hidden",
    "witness-testimony", "audit-refused", "server-moved-abroad", "ballots-printed-twice",
    "polling-officer-confesses", "hidden-camera-count", "the-cover-up", "share-before-deleted",
]

COPY_PASTE_MESSAGES = [
    "They are stealing this election in broad daylight. Wake up before it is too late!",
    "Ils volent cette élection en plein jour. Réveillez-vous avant qu'il ne soit trop tard !",
    "The mainstream media will never show you what really happened at the count.",
    "Les médias ne vous montreront jamais ce qui s'est vraiment passé pendant le dépouillement.",
    "Every honest citizen must refuse to accept these fake results.",
    "Share this everywhere: the official turnout figures are impossible.",
    "Partagez partout : les chiffres officiels de participation sont impossibles.",
    "We will not stay silent while our votes are thrown away.",
    "Nous ne resterons pas silencieux pendant qu'on jette nos votes.",
    "The commission is hiding the real numbers. Demand a full recount now!",
    "La commission cache les vrais chiffres. Exigez un recomptage complet maintenant !",
    "If you voted for change, your vote was probably never counted.",
    "Si vous avez voté pour le changement, votre voix n'a probablement jamais été comptée.",
    "This is not democracy anymore, this is a theatre for fools.",
    "Ce n'est plus une démocratie, c'est un théâtre pour les naïfs.",
    "Remember this day: the day they cancelled your vote.",
    "Souvenez-vous de ce jour : le jour où ils ont annulé votre vote.",
    "Nobody voted for this government and everyone knows it.",
    "Personne n'a voté pour ce gouvernement et tout le monde le sait.",
    "Their own observers admit the count was a farce.",
]

HASHTAG_CAMPAIGN = ["#RiggedVote2026", "#StopTheSteal2026", "#ProtectOurBallots", "#NoToFraud", "#RecountNow",
                    "#TheyStoleIt"]
HASHTAG_CAMPAIGN_TEXTS = [
    "Enough is enough.", "Look at these numbers.", "We saw it with our own eyes.", "Speak up now.",
    "They think we are stupid.", "Not in our name.", "History will remember.", "Stand up for democracy.",
    "The truth always comes out.", "Do not let them get away with it.", "Spread the word.", "Who is with us?",
]

# Slogans the translation network posts, each in every language at once.
TRANSLATED_SLOGANS = [
    {
        "en": "Our votes are being stolen while the world looks away. Spread this message in every language.",
        "fr": "On nous vole nos votes pendant que le monde détourne le regard. Diffusez ce message dans toutes les langues.",
        "es": "Nos están robando los votos mientras el mundo mira hacia otro lado. Difunde este mensaje en todos los idiomas.",
        "de": "Unsere Stimmen werden gestohlen, während die Welt wegschaut. Verbreitet diese Nachricht in allen Sprachen.",
        "pt": "Estão roubando os nossos votos enquanto o mundo finge não ver. Espalhe esta mensagem em todas as línguas.",
        "id": "Suara kami sedang dicuri sementara dunia berpaling. Sebarkan pesan ini dalam semua bahasa.",
    },
    {
        "en": "International observers must come now: this election cannot be trusted without them.",
        "fr": "Les observateurs internationaux doivent venir maintenant : cette élection n'est pas fiable sans eux.",
        "es": "Los observadores internacionales deben venir ya: sin ellos no se puede confiar en estas elecciones.",
        "de": "Internationale Beobachter müssen jetzt kommen: Ohne sie kann man dieser Wahl nicht trauen.",
        "pt": "Os observadores internacionais precisam vir agora: sem eles não dá para confiar nesta eleição.",
        "id": "Pemantau internasional harus datang sekarang: pemilu ini tidak bisa dipercaya tanpa mereka.",
    },
    {
        "en": "Stay home on Sunday: boycotting this fake election is the only way to be heard.",
        "fr": "Restez chez vous dimanche : boycotter cette fausse élection est le seul moyen de se faire entendre.",
        "es": "Quédate en casa el domingo: boicotear esta falsa elección es la única forma de hacerse oír.",
        "de": "Bleibt am Sonntag zu Hause: Diese Scheinwahl zu boykottieren ist der einzige Weg, gehört zu werden.",
        "pt": "Fique em casa no domingo: boicotar esta eleição de fachada é a única forma de ser ouvido.",
        "id": "Tetap di rumah hari Minggu: memboikot pemilu palsu ini satu-satunya cara agar didengar.",
    },
    {
        "en": "The government fears the diaspora vote, that is why our consulates have so few ballots.",
        "fr": "Le gouvernement a peur du vote de la diaspora, c'est pour cela que nos consulats ont si peu de bulletins.",
        "es": "El gobierno teme el voto de la diáspora, por eso nuestros consulados tienen tan pocas papeletas.",
        "de": "Die Regierung fürchtet die Stimmen der Diaspora, deshalb haben unsere Konsulate so wenige Stimmzettel.",
        "pt": "O governo tem medo do voto da diáspora, por isso os nossos consulados têm tão poucas cédulas.",
        "id": "Pemerintah takut pada suara diaspora, karena itu konsulat kita hanya punya sedikit surat suara.",
    },
    {
        "en": "Independent journalists who reported the fraud have been arrested this week.",
        "fr": "Les journalistes indépendants qui ont révélé la fraude ont été arrêtés cette semaine.",
        "es": "Los periodistas independientes que denunciaron el fraude han sido detenidos esta semana.",
        "de": "Unabhängige Journalisten, die über den Betrug berichtet haben, wurden diese Woche festgenommen.",
        "pt": "Os jornalistas independentes que denunciaram a fraude foram presos esta semana.",
        "id": "Wartawan independen yang melaporkan kecurangan telah ditangkap minggu ini.",
    },
    {
        "en": "Count the ballots by hand in public, in every town, or accept that the result is a lie.",
        "fr": "Comptez les bulletins à la main en public, dans chaque ville, ou admettez que le résultat est un mensonge.",
        "es": "Contad las papeletas a mano y en público en cada pueblo, o aceptad que el resultado es mentira.",
        "de": "Zählt die Stimmzettel öffentlich von Hand in jeder Stadt aus, oder gebt zu, dass das Ergebnis eine Lüge ist.",
        "pt": "Contem as cédulas à mão, em público, em cada cidade, ou aceitem que o resultado é uma mentira.",
        "id": "Hitung surat suara secara manual dan terbuka di setiap kota, atau akui bahwa hasilnya bohong.",
    },
]

# Seed stories of the content farm, which its sites and accounts publish in spun rewrites.
FARM_SEED_ARTICLES = [
    "Election officials in the northern region have refused to publish the detailed results from hundreds "
    "of polling stations, according to local observers. Critics say the delay makes it impossible to check "
    "the official count, and opposition leaders have demanded an independent audit before the final "
    "results are announced next week.",
    "A former employee of the company that supplies the voting machines claims that the software was "
    "updated on the night before the election without any public review. The government denies the claim "
    "and says every machine was tested, but many voters now fear that their choice was not recorded "
    "correctly.",
    "Social media companies have removed thousands of posts that questioned the official turnout figures, "
    "and several popular accounts were suspended without warning. Supporters of the opposition say the "
    "platforms are helping the government hide the truth, while the companies insist they only remove "
    "false information.",
    "Long queues and missing ballot papers were reported in several poor neighbourhoods of the capital, "
    "where many people waited for hours before giving up. Local volunteers believe that the shortages were "
    "deliberate and that thousands of citizens were prevented from voting for the candidate they support.",
    "An international group of lawyers has asked the supreme court to suspend the announcement of the "
    "results until every complaint has been examined. The lawyers say they have collected hundreds of "
    "statements from witnesses who saw ballot boxes being opened before the official count began.",
    "Foreign money has been flowing into the campaign of the ruling party through a network of small "
    "companies, according to documents seen by independent reporters. The party rejects the report as "
    "fake news, but the documents show large payments made in the last weeks before the vote.",
]

# Synonyms used by the spinner; each word is replaced by one of its alternatives at random.
SPIN_SYNONYMS = {
    "election": ["vote", "poll", "ballot"], "officials": ["authorities", "functionaries", "administrators"],
    "region": ["area", "territory", "province"], "refused": ["declined", "rejected", "denied"],
    "publish": ["release", "put out", "make public"], "detailed": ["thorough", "itemised", "in-depth"],
    "results": ["outcomes", "figures", "returns"], "hundreds": ["scores", "lots", "loads"],
    "according": ["as per", "in keeping"], "local": ["regional", "neighbourhood", "native"],
    "observers": ["watchers", "monitors", "onlookers"], "critics": ["detractors", "opponents", "naysayers"],
    "delay": ["postponement", "holdup", "lag"], "impossible": ["unimaginable", "out of the question", "unthinkable"],
    "check": ["verify", "confirm", "examine"], "official": ["formal", "authorised", "sanctioned"],
    "count": ["tally", "total", "reckoning"], "leaders": ["heads", "chiefs", "bosses"],
    "demanded": ["called for", "insisted on", "required"], "independent": ["autonomous", "free", "unaffiliated"],
    "audit": ["inspection", "review", "examination"], "final": ["last", "closing", "ultimate"],
    "announced": ["declared", "proclaimed", "revealed"], "week": ["seven days", "sennight"],
    "former": ["previous", "ex", "earlier"], "employee": ["worker", "staffer", "member of staff"],
    "company": ["firm", "business", "enterprise"], "supplies": ["provides", "furnishes", "delivers"],
    "machines": ["devices", "units", "contraptions"], "claims": ["asserts", "alleges", "maintains"],
    "software": ["program", "code", "application"], "updated": ["modified", "altered", "refreshed"],
    "night": ["evening", "nighttime", "dark hours"], "public": ["open", "community", "civic"],
    "review": ["assessment", "evaluation", "inspection"], "government": ["administration", "regime", "state"],
    "denies": ["rejects", "disputes", "contradicts"], "claim": ["assertion", "allegation", "contention"],
    "tested": ["checked", "trialled", "examined"], "many": ["numerous", "plenty of", "countless"],
    "voters": ["electors", "constituents", "citizens"], "fear": ["dread", "worry", "suspect"],
    "choice": ["selection", "decision", "pick"], "recorded": ["registered", "logged", "noted"],
    "correctly": ["properly", "accurately", "rightly"], "social": ["societal", "community"],
    "media": ["press", "news outlets"], "companies": ["firms", "corporations", "businesses"],
    "removed": ["eliminated", "deleted", "taken down"], "thousands": ["heaps", "masses", "tons"],
    "posts": ["messages", "updates", "entries"], "questioned": ["challenged", "doubted", "disputed"],
    "turnout": ["participation", "attendance", "showing"], "figures": ["numbers", "statistics", "data"],
    "several": ["a number of", "various", "some"], "popular": ["well-liked", "favoured", "trendy"],
    "accounts": ["profiles", "handles", "pages"], "suspended": ["frozen", "halted", "deactivated"],
    "warning": ["notice", "alert", "caution"], "supporters": ["backers", "advocates", "followers"],
    "opposition": ["resistance", "other side", "challengers"], "platforms": ["networks", "services", "sites"],
    "helping": ["aiding", "assisting", "abetting"], "hide": ["conceal", "cover up", "bury"],
    "truth": ["facts", "reality", "actuality"], "insist": ["maintain", "contend", "assert"],
    "false": ["pretend", "untrue", "bogus"], "information": ["info", "data", "details"],
    "facebook": ["Fb", "the social network"], "long": ["lengthy", "extended", "prolonged"],
    "queues": ["lines", "rows", "waiting lines"], "missing": ["lacking", "absent", "lost"],
    "papers": ["documents", "sheets", "forms"], "reported": ["described", "noted", "stated"],
    "poor": ["deprived", "needy", "impoverished"], "neighbourhoods": ["districts", "areas", "quarters"],
    "capital": ["capital city", "metropolis", "seat of government"], "people": ["folks", "individuals", "persons"],
    "waited": ["lingered", "stayed", "hung around"], "giving up": ["quitting", "abandoning", "throwing in the towel"],
    "volunteers": ["helpers", "unpaid workers", "activists"], "believe": ["think", "reckon", "suppose"],
    "shortages": ["deficits", "scarcities", "lacks"], "deliberate": ["intentional", "planned", "calculated"],
    "citizens": ["residents", "nationals", "people"], "prevented": ["stopped", "blocked", "kept"],
    "candidate": ["nominee", "contender", "runner"], "support": ["back", "favour", "champion"],
    "international": ["global", "worldwide", "transnational"], "group": ["team", "body", "collective"],
    "lawyers": ["attorneys", "solicitors", "legal experts"], "asked": ["requested", "petitioned", "begged"],
    "supreme": ["highest", "top", "paramount"], "court": ["tribunal", "bench", "judiciary"],
    "suspend": ["halt", "freeze", "postpone"], "announcement": ["declaration", "proclamation", "statement"],
    "complaint": ["grievance", "objection", "protest"], "examined": ["inspected", "studied", "scrutinised"],
    "collected": ["gathered", "amassed", "assembled"], "statements": ["declarations", "accounts", "testimonies"],
    "witnesses": ["observers", "bystanders", "eyewitnesses"], "opened": ["unsealed", "unlocked", "cracked"],
    "began": ["started", "commenced", "kicked off"], "foreign": ["overseas", "external", "alien"],
    "money": ["cash", "funds", "capital"], "flowing": ["streaming", "pouring", "running"],
    "campaign": ["drive", "crusade", "push"], "ruling": ["governing", "dominant", "reigning"],
    "party": ["faction", "bloc", "movement"], "network": ["web", "system", "chain"],
    "small": ["little", "tiny", "minor"], "documents": ["files", "papers", "records"],
    "reporters": ["journalists", "correspondents", "newsmen"], "rejects": ["dismisses", "refuses", "spurns"],
    "report": ["story", "account", "article"], "fake": ["pretend", "phony", "counterfeit"],
    "news": ["information", "reports", "tidings"], "large": ["huge", "big", "sizeable"],
    "payments": ["transfers", "remittances", "outlays"], "made": ["carried out", "done", "effected"],
    "weeks": ["weeks' time", "sennights"], "vote": ["ballot", "poll"], "spent": ["frolicked", "passed"],
}

CELEBRITIES = {
    "en": ("popstar_jade", "Jade Rivers"), "fr": ("ines_chante", "Inès Chante"),
    "id": ("raffi_official", "Raffi Santoso"), "es": ("el_mago_futbol", "Dani Mago"),
    "de": ("kabarett_klaus", "Klaus Witzig"), "pt": ("anitta_fan_club", "Bela Voz"),
}

CELEBRITY_POSTS = {
    "en": ["New song out tonight, thank you for the love!", "Whatever happens on Sunday, be kind to each other.",
           "Backstage in Manchester, what a crowd!", "Just voted. Your turn now!"],
    "fr": ["Nouveau clip ce soir, merci pour votre amour !", "Quoi qu'il arrive dimanche, soyez bienveillants.",
           "En coulisses à Lyon, quel public !", "J'ai voté. À vous maintenant !"],
    "id": ["Lagu baru rilis malam ini, terima kasih atas dukungannya!", "Apa pun hasilnya hari Minggu, tetap rukun ya.",
           "Di belakang panggung di Surabaya, penontonnya luar biasa!", "Sudah mencoblos. Sekarang giliran kalian!"],
    "es": ["¡Golazo esta noche, gracias afición!", "Pase lo que pase el domingo, respeto para todos.",
           "Entrenando en Valencia, ¡qué ambiente!", "Ya he votado. ¡Ahora os toca a vosotros!"],
    "de": ["Neue Show heute Abend, danke für eure Unterstützung!", "Egal was am Sonntag passiert, bleibt freundlich.",
           "Hinter der Bühne in Köln, was für ein Publikum!", "Ich habe gewählt. Jetzt seid ihr dran!"],
    "pt": ["Clipe novo hoje à noite, obrigada pelo carinho!", "Aconteça o que acontecer no domingo, respeito sempre.",
           "Nos bastidores em Recife, que plateia!", "Já votei. Agora é a vez de vocês!"],
}

NEWS_OUTLETS = {
    "en": [("bbc.co.uk", "BBC News"), ("theguardian.com", "The Guardian")],
    "fr": [("lemonde.fr", "Le Monde"), ("francetvinfo.fr", "franceinfo")],
    "id": [("kompas.com", "Kompas"), ("tempo.co", "Tempo")],
    "es": [("elpais.com", "El País"), ("rtve.es", "RTVE")],
    "de": [("tagesschau.de", "tagesschau"), ("spiegel.de", "DER SPIEGEL")],
    "pt": [("g1.globo.com", "g1"), ("publico.pt", "Público")],
}

HEADLINES = {
    "en": ["Candidates clash over {topic} in final debate", "Turnout expected to reach record levels as {topic} dominates",
           "What the parties promise on {topic}", "Live: polls open across the country", "Fact check: claims about {topic}",
           "Observers praise calm vote despite {topic} concerns"],
    "fr": ["Les candidats s'affrontent sur {topic} lors du dernier débat", "Une participation record attendue, {topic} au cœur de la campagne",
           "Ce que promettent les partis sur {topic}", "En direct : les bureaux de vote ouvrent dans tout le pays",
           "Vrai ou faux : les affirmations sur {topic}", "Les observateurs saluent un scrutin calme malgré {topic}"],
    "id": ["Para calon beradu argumen soal {topic} dalam debat terakhir", "Partisipasi diperkirakan memecahkan rekor, {topic} jadi sorotan",
           "Janji partai-partai soal {topic}", "Langsung: TPS dibuka di seluruh negeri", "Cek fakta: klaim seputar {topic}",
           "Pemantau memuji pemungutan suara yang tenang meski ada isu {topic}"],
    "es": ["Los candidatos chocan por {topic} en el último debate", "Se espera una participación récord con {topic} como eje",
           "Lo que prometen los partidos sobre {topic}", "En directo: abren los colegios electorales en todo el país",
           "Verificación: las afirmaciones sobre {topic}", "Los observadores elogian una votación tranquila pese a {topic}"],
    "de": ["Kandidaten streiten im letzten TV-Duell über {topic}", "Rekordbeteiligung erwartet, {topic} bestimmt den Wahlkampf",
           "Was die Parteien bei {topic} versprechen", "Liveblog: Wahllokale im ganzen Land geöffnet", "Faktencheck: Behauptungen zu {topic}",
           "Beobachter loben ruhige Wahl trotz Sorgen um {topic}"],
    "pt": ["Candidatos se enfrentam sobre {topic} no último debate", "Comparecimento recorde esperado com {topic} em foco",
           "O que os partidos prometem sobre {topic}", "Ao vivo: seções eleitorais abrem em todo o país",
           "Checagem: as afirmações sobre {topic}", "Observadores elogiam votação tranquila apesar de {topic}"],
}

TOPICS = {
    "en": ["housing", "energy prices", "healthcare", "immigration", "the economy", "climate policy"],
    "fr": ["le logement", "les prix de l'énergie", "la santé", "l'immigration", "l'économie", "le climat"],
    "id": ["perumahan", "harga energi", "layanan kesehatan", "imigrasi", "ekonomi", "kebijakan iklim"],
    "es": ["la vivienda", "los precios de la energía", "la sanidad", "la inmigración", "la economía", "el clima"],
    "de": ["Wohnen", "Energiepreise", "Gesundheit", "Migration", "Wirtschaft", "Klimapolitik"],
    "pt": ["moradia", "preços da energia", "saúde", "imigração", "economia", "clima"],
}
