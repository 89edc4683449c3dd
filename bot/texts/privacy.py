"""Dutch texts for /mijngegevens and /vergeetmij."""

from __future__ import annotations

CMD_MY_DATA = "Alles wat de bot over jou bewaart (bestand)"
CMD_FORGET = "Je persoonsgegevens laten verwijderen"
PRIVATE_ONLY = "Dit doe ik alleen in een privégesprek met mij. Stuur me daar het commando."
MY_DATA_CAPTION = (
    "Dit is alles wat ik over jou bewaar, als JSON-bestand. Vragen die je mij stelt bewaar ik "
    "niet met je naam."
)
MY_DATA_FILENAME = "mijn-gegevens.json"
FORGET_ASK = (
    "Wil je dat ik je persoonsgegevens verwijder?\n\n"
    "• Je naam, gebruikersnaam, toelichtingen en gesprekken gaan weg.\n"
    "• Je koppeling aan je apotheek in de ledenlijst vervalt; het bestuur moet je opnieuw "
    "goedkeuren als je later weer wilt stemmen. Een aanmelding die nog wacht, vervalt.\n"
    "• Stemmen van je apotheek blijven meetellen, maar zijn niet meer aan jou gekoppeld. "
    "Gesloten uitslagen veranderen niet.\n\n"
    "Dit kan niet ongedaan worden gemaakt."
)
FORGET_YES = "Ja, verwijder mijn gegevens"
FORGET_NO = "Nee, laat maar"
FORGET_DONE = "Klaar: je persoonsgegevens zijn verwijderd. Stemmen van je apotheek tellen nog mee."
FORGET_NOTHING = "Ik had geen persoonsgegevens van je opgeslagen. Er is niets veranderd."
FORGET_CANCELLED = "Oké, ik heb niets verwijderd."
