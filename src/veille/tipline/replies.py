"""What the tipline says, in the sender's language.

Hand-written texts for English, French, Indonesian, Spanish, German, Portuguese and Arabic; any
other language gets English. An answer gives the fact-check's title, rating and link and asks
whether it helped ("reply 1 for yes, 2 for no": digits read the same in every script, and the
conversation records them as feedback); when the fact-check is in another language than the
sender's, a line says so, naming the language in the sender's own.
"""

from dataclasses import dataclass

LANGUAGES = ("en", "fr", "id", "es", "de", "pt", "ar")
DEFAULT = "en"

# Each language's texts. {title}, {rating}, {url} and {language} are filled in.
_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "found": "We found a fact-check about this message:",
        "answered": "A fact-checker has looked at the message you sent us:",
        "rating": "Rating: {rating}",
        "other_language": "Note: this fact-check is only available in {language}.",
        "helpful": "Did this help? Reply 1 for yes, 2 for no.",
        "ack": "Thank you. We have no fact-check on this yet; a fact-checker will look at it.",
        "rate_limit": "You have sent many messages in the last hour. Please try again in an hour.",
        "opt_out": "You will receive no more messages from us. Send START to receive them again.",
        "opt_in": "Welcome back! Send us any message you would like us to check.",
        "thanks": "Thank you for your feedback.",
        "help": "Send us the text, link or captioned picture you would like us to check.",
    },
    "fr": {
        "found": "Nous avons trouvé une vérification sur ce message :",
        "answered": "Un vérificateur a examiné le message que vous nous avez envoyé :",
        "rating": "Verdict : {rating}",
        "other_language": "Remarque : cette vérification n'existe qu'en {language}.",
        "helpful": "Cette réponse vous a-t-elle aidé ? Répondez 1 pour oui, 2 pour non.",
        "ack": "Merci. Nous n'avons pas encore vérifié ce message ; un vérificateur va l'examiner.",
        "rate_limit": "Vous avez envoyé beaucoup de messages au cours de la dernière heure. "
                      "Merci de réessayer dans une heure.",
        "opt_out": "Vous ne recevrez plus de messages de notre part. "
                   "Envoyez START ou REPRENDRE pour les recevoir de nouveau.",
        "opt_in": "Bon retour parmi nous ! Envoyez-nous tout message que vous souhaitez faire vérifier.",
        "thanks": "Merci pour votre retour.",
        "help": "Envoyez-nous le texte, le lien ou l'image légendée que vous souhaitez faire vérifier.",
    },
    "id": {
        "found": "Kami menemukan hasil cek fakta tentang pesan ini:",
        "answered": "Pemeriksa fakta kami telah memeriksa pesan yang Anda kirimkan:",
        "rating": "Penilaian: {rating}",
        "other_language": "Catatan: cek fakta ini hanya tersedia dalam bahasa {language}.",
        "helpful": "Apakah ini membantu? Balas 1 untuk ya, 2 untuk tidak.",
        "ack": "Terima kasih. Kami belum memiliki cek fakta tentang ini; pemeriksa fakta kami akan memeriksanya.",
        "rate_limit": "Anda telah mengirim banyak pesan dalam satu jam terakhir. Silakan coba lagi satu jam lagi.",
        "opt_out": "Anda tidak akan menerima pesan lagi dari kami. Kirim START atau MULAI untuk menerimanya kembali.",
        "opt_in": "Selamat datang kembali! Kirimkan pesan apa pun yang ingin Anda periksa.",
        "thanks": "Terima kasih atas tanggapan Anda.",
        "help": "Kirimkan teks, tautan, atau gambar berketerangan yang ingin Anda periksa.",
    },
    "es": {
        "found": "Encontramos una verificación sobre este mensaje:",
        "answered": "Un verificador revisó el mensaje que nos enviaste:",
        "rating": "Calificación: {rating}",
        "other_language": "Nota: esta verificación solo está disponible en {language}.",
        "helpful": "¿Te resultó útil? Responde 1 para sí, 2 para no.",
        "ack": "Gracias. Todavía no tenemos una verificación sobre esto; un verificador lo revisará.",
        "rate_limit": "Has enviado muchos mensajes en la última hora. "
                      "Por favor, vuelve a intentarlo dentro de una hora.",
        "opt_out": "Ya no recibirás más mensajes nuestros. Envía START o EMPEZAR para volver a recibirlos.",
        "opt_in": "¡Bienvenido de nuevo! Envíanos cualquier mensaje que quieras que verifiquemos.",
        "thanks": "Gracias por tu respuesta.",
        "help": "Envíanos el texto, el enlace o la imagen con descripción que quieras que verifiquemos.",
    },
    "de": {
        "found": "Wir haben einen Faktencheck zu dieser Nachricht gefunden:",
        "answered": "Unser Faktencheck-Team hat die Nachricht geprüft, die Sie uns geschickt haben:",
        "rating": "Bewertung: {rating}",
        "other_language": "Hinweis: Dieser Faktencheck ist nur auf {language} verfügbar.",
        "helpful": "Hat Ihnen das geholfen? Antworten Sie 1 für Ja, 2 für Nein.",
        "ack": "Danke. Dazu haben wir noch keinen Faktencheck; unser Team wird die Nachricht prüfen.",
        "rate_limit": "Sie haben in der letzten Stunde sehr viele Nachrichten gesendet. "
                      "Bitte versuchen Sie es in einer Stunde erneut.",
        "opt_out": "Sie erhalten keine Nachrichten mehr von uns. Senden Sie START, um sie wieder zu erhalten.",
        "opt_in": "Willkommen zurück! Senden Sie uns jede Nachricht, die wir prüfen sollen.",
        "thanks": "Danke für Ihre Rückmeldung.",
        "help": "Senden Sie uns den Text, den Link oder das Bild mit Bildunterschrift, das wir prüfen sollen.",
    },
    "pt": {
        "found": "Encontramos uma verificação de fatos sobre esta mensagem:",
        "answered": "Um verificador analisou a mensagem que você nos enviou:",
        "rating": "Classificação: {rating}",
        "other_language": "Atenção: esta verificação só está disponível em {language}.",
        "helpful": "Isto ajudou? Responda 1 para sim, 2 para não.",
        "ack": "Obrigado. Ainda não temos uma verificação sobre isto; um verificador vai analisá-lo.",
        "rate_limit": "Você enviou muitas mensagens na última hora. Por favor, tente novamente daqui a uma hora.",
        "opt_out": "Você não receberá mais mensagens nossas. Envie START ou COMEÇAR para voltar a recebê-las.",
        "opt_in": "Bem-vindo de volta! Envie-nos qualquer mensagem que queira verificar.",
        "thanks": "Obrigado pela sua resposta.",
        "help": "Envie-nos o texto, o link ou a imagem com legenda que deseja verificar.",
    },
    "ar": {
        "found": "وجدنا تحققًا من صحة هذه الرسالة:",
        "answered": "اطّلع أحد مدققي المعلومات على الرسالة التي أرسلتها إلينا:",
        "rating": "التقييم: {rating}",
        "other_language": "ملاحظة: هذا التحقق متوفر باللغة {language} فقط.",
        "helpful": "هل كان هذا مفيدًا؟ أرسل 1 للإجابة بنعم، أو 2 للإجابة بلا.",
        "ack": "شكرًا لك. لا يوجد لدينا تحقق من هذه الرسالة بعد؛ سيطّلع عليها أحد مدققي المعلومات.",
        "rate_limit": "لقد أرسلت رسائل كثيرة خلال الساعة الماضية. يُرجى المحاولة مرة أخرى بعد ساعة.",
        "opt_out": "لن تتلقى منا أي رسائل بعد الآن. أرسل START أو «ابدأ» لتلقيها مجددًا.",
        "opt_in": "مرحبًا بعودتك! أرسل إلينا أي رسالة تريد التحقق منها.",
        "thanks": "شكرًا على ملاحظاتك.",
        "help": "أرسل إلينا النص أو الرابط أو الصورة المرفقة بتعليق التي تريد التحقق منها.",
    },
}

# The name of each language, in each language (for the "only available in ..." line).
_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "French", "id": "Indonesian", "es": "Spanish", "de": "German",
           "pt": "Portuguese", "ar": "Arabic"},
    "fr": {"en": "anglais", "fr": "français", "id": "indonésien", "es": "espagnol", "de": "allemand",
           "pt": "portugais", "ar": "arabe"},
    "id": {"en": "Inggris", "fr": "Prancis", "id": "Indonesia", "es": "Spanyol", "de": "Jerman",
           "pt": "Portugis", "ar": "Arab"},
    "es": {"en": "inglés", "fr": "francés", "id": "indonesio", "es": "español", "de": "alemán",
           "pt": "portugués", "ar": "árabe"},
    "de": {"en": "Englisch", "fr": "Französisch", "id": "Indonesisch", "es": "Spanisch", "de": "Deutsch",
           "pt": "Portugiesisch", "ar": "Arabisch"},
    "pt": {"en": "inglês", "fr": "francês", "id": "indonésio", "es": "espanhol", "de": "alemão",
           "pt": "português", "ar": "árabe"},
    "ar": {"en": "الإنجليزية", "fr": "الفرنسية", "id": "الإندونيسية", "es": "الإسبانية", "de": "الألمانية",
           "pt": "البرتغالية", "ar": "العربية"},
}


@dataclass(frozen=True)
class FactCheckLink:
    """What an answer quotes from a fact-check."""

    title: str | None
    rating: str | None
    url: str
    language: str | None


def language_of(lang: str | None) -> str:
    """The language the tipline answers in for a sender whose language is `lang`."""
    base = (lang or "").split("-")[0].lower()
    if base == "ms":  # Malay: the Indonesian texts read naturally
        base = "id"
    return base if base in _TEXTS else DEFAULT


def text(kind: str, lang: str | None) -> str:
    """One of the short texts (ack, rate_limit, opt_out, opt_in, thanks, help)."""
    return _TEXTS[language_of(lang)][kind]


def answer(link: FactCheckLink | None, lang: str | None, *, by_fact_checker: bool = False,
           note: str | None = None) -> str:
    """An answer with a fact-check found automatically, or a fact-checker's answer: their note
    (in their own words, as they wrote it), the fact-check, or both."""
    t = _TEXTS[language_of(lang)]
    lines = [t["answered" if by_fact_checker else "found"], ""]
    if note:
        lines += [note.strip(), ""]
    if link is None:
        return "\n".join(lines + [t["helpful"]])
    if link.title:
        lines.append(link.title)
    if link.rating:
        lines.append(t["rating"].format(rating=link.rating))
    lines.append(link.url)
    notice = other_language_notice(link.language, lang)
    if notice:
        lines += ["", notice]
    lines += ["", t["helpful"]]
    return "\n".join(lines)


def other_language_notice(factcheck_lang: str | None, lang: str | None) -> str | None:
    """The line saying the fact-check is in another language, or None when it is in the sender's."""
    if not factcheck_lang:
        return None
    theirs = language_of(lang)
    base = factcheck_lang.split("-")[0].lower()
    if base == theirs or (base == "ms" and theirs == "id"):
        return None
    name = _NAMES[theirs].get(base, base)
    return _TEXTS[theirs]["other_language"].format(language=name)
