"""Everyday language for organic posts, in the six languages of the simulated election.

Organic posts are built from these parts (opener + subject + predicate + place + time, then an
optional remark), which gives each language well over a million distinct sentences: enough that
ordinary users rarely write the same text by chance, while every text still reads as its
language to a language identifier. Greetings are the exception on purpose: many people really do
post the same "Good morning everyone!", which a coordination detector must not mistake for a
copy-paste network.
"""

LANGUAGES = ("en", "fr", "id", "es", "de", "pt")

SUBJECTS = {
    "en": ["I", "We", "My neighbour", "My sister", "Everyone at work", "Our whole street", "My dad", "The kids",
           "Half the town", "My best friend", "Our team", "The old couple next door", "My grandmother",
           "A guy on the bus", "The whole family"],
    "fr": ["Mon collègue", "On", "Mon voisin", "Ma sœur", "Tout le bureau", "Toute la rue", "Mon père", "Les enfants",
           "La moitié du quartier", "Ma meilleure amie", "Notre équipe", "Le couple d'à côté", "Ma grand-mère",
           "Un type dans le bus", "Toute la famille"],
    "id": ["Saya", "Kami", "Tetangga saya", "Kakak saya", "Semua teman kantor", "Seluruh warga kampung",
           "Ayah saya", "Anak-anak", "Separuh warga kota", "Sahabat saya", "Tim kami", "Pasangan tua sebelah",
           "Nenek saya", "Seorang bapak di bus", "Seluruh keluarga"],
    "es": ["Mi primo", "Mi cuñado", "Mi vecino", "Mi hermana", "Todos en el trabajo", "Toda la calle", "Mi padre",
           "Los niños", "Medio barrio", "Mi mejor amiga", "Nuestro equipo", "La pareja de al lado", "Mi abuela",
           "Un señor en el autobús", "Toda la familia"],
    "de": ["Mein Kollege", "Mein Cousin", "Mein Nachbar", "Meine Schwester", "Alle im Büro", "Die ganze Straße", "Mein Vater",
           "Die Kinder", "Die halbe Stadt", "Meine beste Freundin", "Unser Team", "Das alte Paar nebenan",
           "Meine Oma", "Ein Mann im Bus", "Die ganze Familie"],
    "pt": ["O meu primo", "O meu colega", "O meu vizinho", "A minha irmã", "Todo mundo no trabalho", "A rua inteira", "O meu pai",
           "As crianças", "Metade do bairro", "A minha melhor amiga", "A nossa equipe", "O casal do lado",
           "A minha avó", "Um senhor no ônibus", "A família toda"],
}

PREDICATES = {
    "en": ["went to vote at", "queued for an hour at", "had coffee near", "argued about politics at",
           "watched the debate at", "handed out leaflets outside", "bumped into the candidate at", "walked past",
           "spent the afternoon at", "talked to volunteers at", "waited in the rain outside", "had lunch behind",
           "saw a huge crowd at", "cycled home from", "helped an old lady at", "lost my umbrella at",
           "met the new neighbours at", "took the kids to", "found a great bakery near", "volunteered at"],
    "fr": ["est allé voter à", "a fait la queue une heure à", "a pris un café près de", "s'est disputé sur la politique à",
           "a regardé le débat à", "a distribué des tracts devant", "a croisé le candidat à", "est passé devant",
           "a passé l'après-midi à", "a discuté avec des bénévoles à", "a attendu sous la pluie devant",
           "a déjeuné derrière", "a vu une foule énorme à", "est rentré à vélo depuis", "a aidé une dame âgée à",
           "a perdu son parapluie à", "a rencontré les nouveaux voisins à", "a emmené les enfants à",
           "a trouvé une super boulangerie près de", "a fait du bénévolat à"],
    "id": ["pergi mencoblos di", "antre satu jam di", "ngopi di dekat", "berdebat soal politik di",
           "menonton debat di", "membagikan selebaran di depan", "bertemu calon legislatif di", "lewat di depan",
           "menghabiskan sore di", "mengobrol dengan relawan di", "menunggu di bawah hujan di depan",
           "makan siang di belakang", "melihat kerumunan besar di", "pulang naik sepeda dari",
           "membantu seorang nenek di", "kehilangan payung di", "berkenalan dengan tetangga baru di",
           "mengantar anak-anak ke", "menemukan toko roti enak di dekat", "menjadi relawan di"],
    "es": ["fue a votar a", "hizo cola una hora en", "tomó un café cerca de", "discutió de política en",
           "vio el debate en", "repartió folletos delante de", "se cruzó con el candidato en", "pasó por delante de",
           "pasó la tarde en", "habló con voluntarios en", "esperó bajo la lluvia frente a", "comió detrás de",
           "vio una multitud enorme en", "volvió en bici desde", "ayudó a una señora mayor en",
           "perdió el paraguas en", "conoció a los vecinos nuevos en", "llevó a los niños a",
           "encontró una panadería buenísima cerca de", "hizo de voluntario en"],
    "de": ["war wählen in", "stand eine Stunde an in", "hat Kaffee getrunken bei", "hat über Politik gestritten in",
           "hat die Debatte geschaut in", "hat Flyer verteilt vor", "hat den Kandidaten getroffen in",
           "ist vorbeigelaufen an", "hat den Nachmittag verbracht in", "hat mit Freiwilligen geredet in",
           "hat im Regen gewartet vor", "hat zu Mittag gegessen hinter", "hat eine riesige Menge gesehen in",
           "ist mit dem Rad heimgefahren von", "hat einer alten Dame geholfen in", "hat den Schirm verloren in",
           "hat die neuen Nachbarn kennengelernt in", "hat die Kinder gebracht zu",
           "hat eine tolle Bäckerei gefunden bei", "hat ehrenamtlich geholfen in"],
    "pt": ["foi votar em", "ficou uma hora na fila em", "tomou um café perto de", "discutiu política em",
           "assistiu ao debate em", "distribuiu panfletos em frente a", "encontrou o candidato em", "passou em frente a",
           "passou a tarde em", "conversou com voluntários em", "esperou na chuva em frente a",
           "almoçou atrás de", "viu uma multidão enorme em", "voltou de bicicleta de",
           "ajudou uma senhora idosa em", "perdeu o guarda-chuva em", "conheceu os vizinhos novos em",
           "levou as crianças a", "achou uma padaria ótima perto de", "foi voluntário em"],
}

PLACES = {
    "en": ["the town hall", "the primary school", "the market square", "the train station", "the library",
           "the sports centre", "the community hall", "the church on the corner", "the old post office",
           "the high street", "the park", "the shopping centre", "the fire station", "the bus depot",
           "the university", "the harbour", "the museum", "the swimming pool", "the city stadium", "the hospital"],
    "fr": ["la mairie", "l'école primaire", "la place du marché", "la gare", "la médiathèque",
           "le gymnase", "la salle des fêtes", "l'église du coin", "l'ancienne poste", "la grand-rue", "le parc",
           "le centre commercial", "la caserne des pompiers", "le dépôt de bus", "la fac", "le port", "le musée",
           "la piscine", "le stade municipal", "l'hôpital"],
    "id": ["balai kota", "sekolah dasar", "pasar tradisional", "stasiun kereta", "perpustakaan daerah",
           "gedung olahraga", "balai warga", "masjid dekat rumah", "kantor pos lama", "jalan utama", "taman kota",
           "mal", "kantor pemadam kebakaran", "terminal bus", "kampus", "pelabuhan", "museum", "kolam renang",
           "stadion", "rumah sakit"],
    "es": ["el ayuntamiento", "el colegio", "la plaza del mercado", "la estación", "la biblioteca",
           "el polideportivo", "el centro cívico", "la iglesia de la esquina", "la antigua oficina de correos",
           "la calle mayor", "el parque", "el centro comercial", "el parque de bomberos", "la cochera de autobuses",
           "la universidad", "el puerto", "el museo", "la piscina", "el estadio", "el hospital"],
    "de": ["dem Rathaus", "der Grundschule", "dem Marktplatz", "dem Bahnhof", "der Stadtbücherei",
           "der Sporthalle", "dem Gemeindehaus", "der Kirche an der Ecke", "der alten Post", "der Hauptstraße",
           "dem Stadtpark", "dem Einkaufszentrum", "der Feuerwache", "dem Busdepot", "der Uni", "dem Hafen",
           "dem Museum", "dem Schwimmbad", "dem Stadion", "dem Krankenhaus"],
    "pt": ["a prefeitura", "a escola primária", "a praça do mercado", "a estação", "a biblioteca",
           "o ginásio", "o centro comunitário", "a igreja da esquina", "os antigos correios", "a rua principal",
           "o parque", "o shopping", "o quartel dos bombeiros", "a garagem dos ônibus", "a universidade", "o porto",
           "o museu", "a piscina", "o estádio", "o hospital"],
}

TIMES = {
    "en": ["this morning", "this afternoon", "tonight", "after work", "before breakfast", "on the way home",
           "at lunchtime", "with the whole family", "for the first time", "again today", "in the pouring rain",
           "at 7 sharp"],
    "fr": ["ce matin", "cet après-midi", "ce soir", "après le boulot", "avant le petit-déj", "en rentrant",
           "à midi", "avec toute la famille", "pour la première fois", "encore aujourd'hui", "sous une pluie battante",
           "à 7 heures pile"],
    "id": ["tadi pagi", "siang ini", "malam ini", "sepulang kerja", "sebelum sarapan", "dalam perjalanan pulang",
           "saat jam makan siang", "bersama seluruh keluarga", "untuk pertama kalinya", "lagi hari ini",
           "di tengah hujan deras", "tepat jam tujuh"],
    "es": ["esta mañana", "esta tarde", "esta noche", "después del trabajo", "antes del desayuno",
           "de camino a casa", "a la hora de comer", "con toda la familia", "por primera vez", "otra vez hoy",
           "bajo un chaparrón", "a las siete en punto"],
    "de": ["heute Morgen", "heute Nachmittag", "heute Abend", "nach der Arbeit", "vor dem Frühstück",
           "auf dem Heimweg", "in der Mittagspause", "mit der ganzen Familie", "zum ersten Mal", "schon wieder heute",
           "im strömenden Regen", "pünktlich um sieben"],
    "pt": ["hoje de manhã", "hoje à tarde", "hoje à noite", "depois do trabalho", "antes do café da manhã",
           "no caminho de casa", "na hora do almoço", "com a família toda", "pela primeira vez", "de novo hoje",
           "debaixo de um temporal", "às sete em ponto"],
}

REMARKS = {
    "en": ["Turnout looks high.", "The queue was massive.", "Lovely weather for it.", "Traffic is terrible today.",
           "Who is watching the match tonight?", "Not sure who to vote for yet.", "The volunteers were so kind.",
           "Coffee was awful though.", "Feels like the whole country is out.", "My feet hurt.",
           "Proud of our little town.", "Can't wait for the results.", "Honestly, both sides disappoint me.",
           "Remember to bring your ID card.", "The debate was a mess.", "Such a long day."],
    "fr": ["La participation a l'air forte.", "La file d'attente était énorme.", "Quel beau temps pour voter.",
           "Les bouchons sont terribles aujourd'hui.", "Qui regarde le match ce soir ?",
           "Je ne sais toujours pas pour qui voter.", "Les bénévoles étaient adorables.", "Le café était immonde.",
           "On dirait que tout le pays est dehors.", "J'ai mal aux pieds.", "Fier de notre petite ville.",
           "Vivement les résultats.", "Franchement, les deux camps me déçoivent.",
           "N'oubliez pas votre pièce d'identité.", "Le débat était un vrai bazar.", "Quelle longue journée."],
    "id": ["Sepertinya partisipasi pemilih tinggi.", "Antreannya panjang sekali.", "Cuacanya cerah, enak buat nyoblos.",
           "Macetnya parah hari ini.", "Siapa yang nonton bola nanti malam?", "Masih bingung mau pilih siapa.",
           "Relawannya ramah sekali.", "Tapi kopinya tidak enak.", "Rasanya seluruh negeri keluar rumah.",
           "Kaki saya pegal.", "Bangga dengan kota kecil kami.", "Tidak sabar menunggu hasilnya.",
           "Jujur, kedua kubu sama-sama mengecewakan.", "Jangan lupa bawa KTP.", "Debatnya kacau sekali.",
           "Hari yang panjang sekali."],
    "es": ["Parece que la participación es alta.", "La cola era enorme.", "Qué buen tiempo para votar.",
           "El tráfico está fatal hoy.", "¿Quién ve el partido esta noche?", "Todavía no sé a quién votar.",
           "Los voluntarios fueron muy amables.", "Aunque el café era malísimo.", "Parece que todo el país ha salido.",
           "Me duelen los pies.", "Orgulloso de nuestro pueblo.", "Qué ganas de ver los resultados.",
           "Sinceramente, los dos bandos me decepcionan.", "No olvidéis el DNI.", "El debate fue un desastre.",
           "Qué día tan largo."],
    "de": ["Die Wahlbeteiligung scheint hoch zu sein.", "Die Schlange war riesig.", "Schönes Wetter zum Wählen.",
           "Der Verkehr ist heute furchtbar.", "Wer schaut heute Abend das Spiel?", "Ich weiß immer noch nicht, wen ich wähle.",
           "Die Freiwilligen waren total nett.", "Der Kaffee war allerdings schlimm.", "Gefühlt ist das ganze Land unterwegs.",
           "Mir tun die Füße weh.", "Stolz auf unsere kleine Stadt.", "Ich kann die Ergebnisse kaum erwarten.",
           "Ehrlich gesagt enttäuschen mich beide Seiten.", "Denkt an euren Ausweis.", "Die Debatte war ein Chaos.",
           "Was für ein langer Tag."],
    "pt": ["Parece que o comparecimento está alto.", "A fila estava enorme.", "Que tempo bom para votar.",
           "O trânsito está horrível hoje.", "Quem vai ver o jogo hoje à noite?", "Ainda não sei em quem votar.",
           "Os voluntários foram muito gentis.", "Mas o café estava péssimo.", "Parece que o país inteiro saiu de casa.",
           "Os meus pés doem.", "Orgulho da nossa cidadezinha.", "Não vejo a hora de sair o resultado.",
           "Sinceramente, os dois lados me decepcionam.", "Não esqueçam o documento.", "O debate foi uma bagunça.",
           "Que dia longo."],
}

# Small facts with a number in them, so that ordinary posts rarely repeat each other word for word.
DETAILS = {
    "en": ["Waited {n} minutes.", "Bus {n} was late again.", "About {n} people in the queue.", "Day {n} of this campaign.",
           "Only {n} days to go.", "Room {n}, second floor.", "{n} missed calls from mum.", "It was {n} degrees outside.",
           "Paid {n} euros for parking.", "Table {n} was free."],
    "fr": ["Attendu {n} minutes.", "Le bus {n} encore en retard.", "Environ {n} personnes dans la file.",
           "Jour {n} de cette campagne.", "Plus que {n} jours.", "Salle {n}, deuxième étage.", "{n} appels manqués de maman.",
           "Il faisait {n} degrés dehors.", "Payé {n} euros de parking.", "La table {n} était libre."],
    "id": ["Menunggu {n} menit.", "Bus {n} terlambat lagi.", "Sekitar {n} orang antre.", "Hari ke-{n} kampanye ini.",
           "Tinggal {n} hari lagi.", "Ruang {n}, lantai dua.", "{n} panggilan tak terjawab dari ibu.",
           "Suhunya {n} derajat di luar.", "Bayar parkir {n} ribu.", "Meja {n} kosong."],
    "es": ["Esperé {n} minutos.", "El autobús {n} otra vez tarde.", "Unas {n} personas en la cola.",
           "Día {n} de esta campaña.", "Quedan {n} días.", "Sala {n}, segunda planta.", "{n} llamadas perdidas de mamá.",
           "Hacía {n} grados fuera.", "Pagué {n} euros de parking.", "La mesa {n} estaba libre."],
    "de": ["{n} Minuten gewartet.", "Bus {n} schon wieder zu spät.", "Etwa {n} Leute in der Schlange.",
           "Tag {n} dieses Wahlkampfs.", "Noch {n} Tage.", "Raum {n}, zweiter Stock.", "{n} verpasste Anrufe von Mama.",
           "Draußen waren es {n} Grad.", "{n} Euro fürs Parken bezahlt.", "Tisch {n} war frei."],
    "pt": ["Esperei {n} minutos.", "O ônibus {n} atrasou de novo.", "Umas {n} pessoas na fila.", "Dia {n} desta campanha.",
           "Faltam {n} dias.", "Sala {n}, segundo andar.", "{n} chamadas perdidas da mãe.", "Estava {n} graus lá fora.",
           "Paguei {n} reais de estacionamento.", "A mesa {n} estava livre."],
}

GREETINGS = {
    "en": ["Good morning everyone!", "Good morning!", "Happy Sunday everyone!", "Good night all"],
    "fr": ["Bonjour à tous !", "Bonne journée à tous", "Bon dimanche à tous !", "Bonne nuit tout le monde"],
    "id": ["Selamat pagi semuanya!", "Selamat pagi!", "Selamat hari Minggu semua!", "Selamat malam semua"],
    "es": ["¡Buenos días a todos!", "¡Buenos días!", "¡Feliz domingo a todos!", "Buenas noches a todos"],
    "de": ["Guten Morgen zusammen!", "Guten Morgen!", "Schönen Sonntag euch allen!", "Gute Nacht zusammen"],
    "pt": ["Bom dia a todos!", "Bom dia!", "Feliz domingo a todos!", "Boa noite a todos"],
}

FIRST_NAMES = {
    "en": ["james", "emma", "oliver", "sophie", "jack", "chloe", "harry", "amelia", "tom", "lucy", "sam", "grace"],
    "fr": ["julien", "camille", "lucas", "manon", "hugo", "léa", "antoine", "chloé", "maxime", "inès", "théo", "sarah"],
    "id": ["budi", "siti", "agus", "dewi", "rizky", "putri", "andi", "ayu", "fajar", "indah", "dimas", "rina"],
    "es": ["javier", "lucía", "pablo", "marta", "diego", "elena", "carlos", "paula", "álvaro", "carmen", "sergio", "ana"],
    "de": ["lukas", "anna", "felix", "lena", "jonas", "laura", "paul", "marie", "leon", "julia", "tim", "sophie"],
    "pt": ["joão", "maria", "pedro", "ana", "lucas", "beatriz", "gabriel", "juliana", "rafael", "camila", "tiago", "inês"],
}

EMOJI = ["🙂", "😂", "🗳️", "👍", "🙏", "😡", "🔥", "❤️", "😮", "👏"]

# Hashtags that ordinary users attach to election talk; thousands use them, so sharing them is
# not coordination.
TRENDING_HASHTAGS = {
    "en": ["#Election2026", "#Vote", "#ElectionDay", "#Debate2026"],
    "fr": ["#Elections2026", "#JeVote", "#Debat2026", "#Presidentielle"],
    "id": ["#Pemilu2026", "#AyoNyoblos", "#DebatCapres", "#PemiluDamai"],
    "es": ["#Elecciones2026", "#YoVoto", "#Debate2026", "#JornadaElectoral"],
    "de": ["#Wahl2026", "#IchWaehle", "#Wahlkampf", "#TVDuell"],
    "pt": ["#Eleicoes2026", "#EuVoto", "#Debate2026", "#DiaDeVotar"],
}
