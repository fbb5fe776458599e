"""The false claims of the simulated election, in every language, and who checked them.

Operations push these claims, fact-checkers publish ClaimReviews of the first ten, and members
of the public forward them to the tipline. Claims 11 and 12 have no fact-check yet: a tipline must
queue them for a fact-checker instead of answering.
"""

CLAIMS = [
    {
        "key": "c01-river-ballots",
        "en": "Thousands of ballots marked for the opposition were found dumped in a river near the capital.",
        "fr": "Des milliers de bulletins pour l'opposition ont été retrouvés jetés dans une rivière près de la capitale.",
        "es": "Miles de papeletas a favor de la oposición aparecieron tiradas en un río cerca de la capital.",
        "de": "Tausende Stimmzettel für die Opposition wurden in einem Fluss nahe der Hauptstadt gefunden.",
        "pt": "Milhares de cédulas marcadas para a oposição foram encontradas jogadas em um rio perto da capital.",
        "id": "Ribuan surat suara untuk pihak oposisi ditemukan dibuang di sungai dekat ibu kota.",
    },
    {
        "key": "c02-machines-switch",
        "en": "Voting machines in the northern districts switched thousands of votes to the government overnight.",
        "fr": "Les machines à voter des districts du nord ont basculé des milliers de voix vers le gouvernement pendant la nuit.",
        "es": "Las máquinas de votación de los distritos del norte cambiaron miles de votos al gobierno durante la noche.",
        "de": "Wahlcomputer in den nördlichen Bezirken haben über Nacht Tausende Stimmen der Regierung zugeschoben.",
        "pt": "As urnas eletrônicas dos distritos do norte transferiram milhares de votos para o governo durante a noite.",
        "id": "Mesin pemungutan suara di distrik utara memindahkan ribuan suara ke pemerintah dalam semalam.",
    },
    {
        "key": "c03-vote-by-sms",
        "en": "This year you can vote by text message: just send your candidate's name to 5555.",
        "fr": "Cette année on peut voter par SMS : il suffit d'envoyer le nom de son candidat au 5555.",
        "es": "Este año se puede votar por SMS: basta con enviar el nombre de tu candidato al 5555.",
        "de": "Dieses Jahr kann man per SMS wählen: einfach den Namen des Kandidaten an die 5555 schicken.",
        "pt": "Este ano dá para votar por SMS: basta mandar o nome do seu candidato para o 5555.",
        "id": "Tahun ini Anda bisa memilih lewat SMS: cukup kirim nama calon Anda ke 5555.",
    },
    {
        "key": "c04-noon-closing",
        "en": "Polling stations will close at noon on Sunday because of a security threat, so vote early.",
        "fr": "Les bureaux de vote fermeront à midi dimanche à cause d'une menace terroriste, votez tôt.",
        "es": "Los colegios electorales cerrarán a mediodía el domingo por una amenaza de seguridad, vota temprano.",
        "de": "Die Wahllokale schließen am Sonntag wegen einer Sicherheitsbedrohung schon um zwölf, wählt früh.",
        "pt": "As seções eleitorais vão fechar ao meio-dia de domingo por causa de uma ameaça de segurança, vote cedo.",
        "id": "TPS akan ditutup pukul dua belas siang hari Minggu karena ancaman keamanan, jadi mencoblos lebih awal.",
    },
    {
        "key": "c05-dead-voters",
        "en": "An insider confirms that tens of thousands of dead people are still registered and voting.",
        "fr": "Un initié confirme que des dizaines de milliers de morts sont toujours inscrits et votent.",
        "es": "Un informante confirma que decenas de miles de muertos siguen inscritos y votando.",
        "de": "Ein Insider bestätigt, dass Zehntausende Verstorbene noch im Wählerverzeichnis stehen und wählen.",
        "pt": "Um informante confirma que dezenas de milhares de mortos continuam registrados e votando.",
        "id": "Orang dalam memastikan puluhan ribu orang yang sudah meninggal masih terdaftar dan ikut memilih.",
    },
    {
        "key": "c06-commission-admits",
        "en": "The electoral commission admitted the count was rigged before a single vote was cast.",
        "fr": "La commission électorale a reconnu que le décompte était truqué avant même le premier vote.",
        "es": "La comisión electoral admitió que el recuento estaba amañado antes de que se emitiera un solo voto.",
        "de": "Die Wahlkommission hat zugegeben, dass die Auszählung schon vor der ersten Stimme manipuliert war.",
        "pt": "A comissão eleitoral admitiu que a contagem foi fraudada antes de um único voto ser depositado.",
        "id": "Komisi pemilihan mengakui penghitungan suara sudah dicurangi sebelum satu suara pun diberikan.",
    },
    {
        "key": "c07-observers-banned",
        "en": "Foreign election observers were banned from watching the count in the capital.",
        "fr": "Les observateurs électoraux étrangers ont été interdits d'assister au dépouillement dans la capitale.",
        "es": "A los observadores electorales extranjeros se les prohibió presenciar el recuento en la capital.",
        "de": "Ausländischen Wahlbeobachtern wurde verboten, die Auszählung in der Hauptstadt zu beobachten.",
        "pt": "Os observadores eleitorais estrangeiros foram proibidos de acompanhar a apuração na capital.",
        "id": "Pemantau pemilu asing dilarang menyaksikan penghitungan suara di ibu kota.",
    },
    {
        "key": "c08-erasable-ink",
        "en": "The pens at polling stations use erasable ink so your ballot can be changed later, bring your own pen.",
        "fr": "Les stylos des bureaux de vote ont une encre effaçable pour modifier votre bulletin, apportez votre propre stylo.",
        "es": "Los bolígrafos de los colegios tienen tinta borrable para cambiar tu voto después, lleva tu propio bolígrafo.",
        "de": "Die Stifte im Wahllokal haben löschbare Tinte, damit dein Stimmzettel später geändert werden kann, bring einen eigenen Stift mit.",
        "pt": "As canetas das seções usam tinta apagável para mudarem seu voto depois, leve a sua própria caneta.",
        "id": "Pulpen di TPS memakai tinta yang bisa dihapus agar surat suara Anda bisa diubah, bawa pulpen sendiri.",
    },
    {
        "key": "c09-late-postal",
        "en": "Postal votes that arrive after Friday will be thrown away without being counted.",
        "fr": "Les votes par correspondance arrivés après vendredi seront jetés sans être comptés.",
        "es": "Los votos por correo que lleguen después del viernes se tirarán sin contarlos.",
        "de": "Briefwahlstimmen, die nach Freitag ankommen, werden ungezählt weggeworfen.",
        "pt": "Os votos pelo correio que chegarem depois de sexta-feira serão jogados fora sem serem contados.",
        "id": "Suara lewat pos yang tiba setelah hari Jumat akan dibuang tanpa dihitung.",
    },
    {
        "key": "c10-vaccine-pass",
        "en": "Voters must show a vaccination certificate to be allowed into the polling station.",
        "fr": "Les électeurs devront présenter un certificat de vaccination pour entrer dans le bureau de vote.",
        "es": "Los votantes deberán mostrar un certificado de vacunación para poder entrar al colegio electoral.",
        "de": "Wähler müssen einen Impfnachweis vorzeigen, um ins Wahllokal gelassen zu werden.",
        "pt": "Os eleitores terão de apresentar um certificado de vacinação para entrar na seção eleitoral.",
        "id": "Pemilih wajib menunjukkan sertifikat vaksinasi agar boleh masuk ke TPS.",
    },
    {
        "key": "c11-secret-passport",
        "en": "The leading candidate secretly holds a foreign passport and cannot legally run.",
        "fr": "Le candidat favori possède secrètement un passeport étranger et ne peut légalement pas se présenter.",
        "es": "El candidato favorito tiene en secreto un pasaporte extranjero y no puede presentarse legalmente.",
        "de": "Der Spitzenkandidat besitzt heimlich einen ausländischen Pass und darf gar nicht antreten.",
        "pt": "O candidato favorito tem secretamente um passaporte estrangeiro e não pode concorrer legalmente.",
        "id": "Calon terkuat diam-diam punya paspor asing dan secara hukum tidak boleh mencalonkan diri.",
    },
    {
        "key": "c12-bus-voters",
        "en": "Buses full of paid voters from abroad are arriving at polling stations in the south.",
        "fr": "Des bus remplis d'électeurs payés venus de l'étranger arrivent aux bureaux de vote du sud.",
        "es": "Autobuses llenos de votantes pagados del extranjero están llegando a los colegios del sur.",
        "de": "Busse voller bezahlter Wähler aus dem Ausland kommen an den Wahllokalen im Süden an.",
        "pt": "Ônibus cheios de eleitores pagos vindos do exterior estão chegando às seções do sul.",
        "id": "Bus penuh pemilih bayaran dari luar negeri berdatangan ke TPS di wilayah selatan.",
    },
]

CHECKED = 10  # CLAIMS[:10] have a fact-check

FACT_CHECKERS = {
    "en": {"name": "Full Fact", "site": "fullfact.org", "rating": "False"},
    "fr": {"name": "AFP Factuel", "site": "factuel.afp.com", "rating": "Faux"},
    "es": {"name": "Maldita.es", "site": "maldita.es", "rating": "Falso"},
    "de": {"name": "CORRECTIV.Faktencheck", "site": "correctiv.org", "rating": "Falsch"},
    "pt": {"name": "Agência Lupa", "site": "lupa.uol.com.br", "rating": "Falso"},
    "id": {"name": "Cek Fakta Tempo", "site": "cekfakta.tempo.co", "rating": "Salah"},
}

# The language each claim was checked in: spread over the six languages, so that a tipline
# message often asks in another language than the fact-check's.
CHECK_LANGUAGE = ["fr", "en", "es", "de", "pt", "id", "en", "fr", "de", "es"]

# How people forward things to a tipline.
TIPLINE_FRAMES = {
    "en": ["Is this true? {claim}", "Forwarded many times: {claim}", "{claim} Please share with everyone!!",
           "my uncle sent this, real?? {claim}", "URGENT {claim} 🙏🙏"],
    "fr": ["C'est vrai ça ? {claim}", "Transféré plusieurs fois : {claim}", "{claim} Partagez à tous vos contacts !!",
           "ma tante m'a envoyé ça, c'est vrai ?? {claim}", "URGENT {claim} 🙏"],
    "es": ["¿Esto es verdad? {claim}", "Reenviado muchas veces: {claim}", "{claim} ¡¡Compártelo con todos!!",
           "me lo mandó mi tío, ¿es real? {claim}", "URGENTE {claim} 🙏"],
    "de": ["Stimmt das? {claim}", "Mehrfach weitergeleitet: {claim}", "{claim} Bitte an alle weiterleiten!!",
           "hat mir mein Onkel geschickt, echt?? {claim}", "DRINGEND {claim} 🙏"],
    "pt": ["Isso é verdade? {claim}", "Encaminhada com frequência: {claim}", "{claim} Compartilhe com todos!!",
           "meu tio mandou isso, é real?? {claim}", "URGENTE {claim} 🙏🙏"],
    "id": ["Apakah ini benar? {claim}", "Diteruskan berkali-kali: {claim}", "{claim} Tolong sebarkan ke semua!!",
           "om saya kirim ini, beneran?? {claim}", "PENTING {claim} 🙏"],
}

TIPLINE_SMALL_TALK = ["hi", "hello", "Bonjour", "Hola", "ok thanks", "👍", "Terima kasih", "Danke"]
