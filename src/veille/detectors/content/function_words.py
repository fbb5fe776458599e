"""Function words: the closed-class words (articles, pronouns, prepositions, conjunctions,
auxiliaries) that article spinners leave alone while they swap the content words around them.

Written in their folded form (see veille.enrich.text.fold: lower case, apostrophes become spaces,
so French "l'élection" gives "l" and "élection"). Short lists on purpose: a word that a spinner
might replace ("many", "official") must not be here, and a long list (the stop-word lists of
search engines run to a thousand words) keeps too many content words.
"""

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": """a an the of to in on at for from by with and or but not no nor is are was were be been being
            have has had do does did that this these those it its they them their he she his her him we our us
            you your i me my as than then so if while which who whom whose what when where how all any each
            both either there here also very can could will would shall should may might must about into onto
            over after before under between through during without within against among upon because though
            although since until unless whether s t""",
        "fr": """le la les l un une des du de d à au aux et ou mais ni ne pas n que qu qui quoi dont où ce cet
            cette ces c il ils elle elles on nous vous je j me m te t se s lui leur leurs son sa ses mon ma mes
            ton ta tes notre nos votre vos en y dans sur sous par pour avec sans entre vers chez est sont était
            être été a ont avait avoir fait si plus comme aussi donc car lorsque quand puis""",
        "es": """el la los las lo un una unos unas de del a al y e o u pero ni no que qué quien quienes cual
            cuyo donde cuando como este esta estos estas ese esa esos esas aquel él ella ellos ellas nosotros
            vosotros yo tú me te se le les nos os su sus mi mis tu tus nuestro nuestra en con sin por para
            entre sobre hacia desde hasta es son era fue ser sido está están estaba ha han había haber si más
            muy también porque aunque""",
        "de": """der die das den dem des ein eine einen einem einer eines und oder aber nicht kein keine dass
            wer was wo wie wenn als ob weil ich du er sie es wir ihr mich dich sich uns euch ihn ihm ihnen mein
            meine dein sein seine ihre unser euer in im an am auf aus bei mit nach von vom zu zum zur für über
            unter vor hinter zwischen durch gegen ohne um ist sind war waren sein gewesen hat haben hatte wird
            werden wurde auch noch schon nur so sehr""",
        "pt": """o a os as um uma uns umas de do da dos das em no na nos nas ao aos à às e ou mas nem não que
            quem qual onde quando como este esta estes estas esse essa isso isto aquele ele ela eles elas nós
            vós eu tu me te se lhe lhes nos seu sua seus suas meu minha com sem por pelo pela pelos pelas para
            entre sobre até desde é são era foi ser sido está estão estava tem têm tinha ter há se mais muito
            também porque embora""",
        "id": """yang dan di ke dari pada untuk dengan dalam oleh ini itu tersebut adalah ialah tidak bukan
            belum sudah telah akan sedang masih juga atau tetapi namun karena sehingga jika kalau bahwa
            agar supaya saat ketika setelah sebelum sejak hingga sampai antara tentang terhadap seperti
            sebagai ada aku saya kamu anda dia ia mereka kami kita nya pun lah kah para sang si""",
        "it": """il lo la i gli le l un uno una di del dello della dei degli delle a al allo alla ai agli alle
            da dal dalla in nel nella nei con su sul sulla per tra fra e o ma né non che chi cui dove quando come
            questo questa questi queste quello quella io tu lui lei noi voi loro mi ti si ci vi gli suo sua
            suoi sue mio mia è sono era erano essere stato ha hanno aveva avere se più anche perché""",
        "nl": """de het een en of maar niet geen dat die wat wie waar hoe als dan ik jij je hij zij ze wij we
            jullie mij me hem haar ons hun mijn zijn uw in op aan bij met naar van voor uit over onder tussen
            door tegen zonder om is zijn was waren geweest heeft hebben had wordt worden werd ook nog al er
            te zo zeer""",
    }.items()
}

ANY_LANGUAGE = frozenset().union(*FUNCTION_WORDS.values())  # for texts whose language is unknown
