"""Dutch descriptions of the voting commands, for /help and the command menus."""

from __future__ import annotations

CMD_AANMELDEN = "Meld je aan als lid met je apotheek"
CMD_STEMMINGEN = "Lopende en recente stemmingen"
CMD_UITSLAG = "Uitslag van een stemming"
CMD_TOELICHTING = "Licht je stem toe (privé)"
CMD_STOP = "Stop het gesprek dat je met mij voert (aanmelden, mandaat)"
CMD_MANDAAT = "Start een mandaatstemming"
CMD_PEILING = "Start een snelle peiling"
CMD_SCAN = "Start de volwassenheidsscan"
CMD_SLUIT = "Sluit een stemming nu"
CMD_INTREKKEN = "Trek een stemming in die per vergissing is gestart"
CMD_VERLENG = "Verplaats de sluiting van een open stemming"
CMD_HERINNER = "Herinner wie nog niet stemde"
CMD_OPKOMST = "Wie heeft (nog niet) gestemd"
CMD_UITKOMST = "Voeg de uitkomst toe aan een stemming"
CMD_EXPORT = "Exporteer stemmen en vertegenwoordigingslijst"
CMD_WIJZIG = "Wijzig een vraag zolang niemand stemde"
CMD_LEDEN = "Ledenlijst en aanmeldingen"
CMD_STEMWIJZE = "Eén stem per apotheek of per lid"
CMD_ORGANISATIE = "Je organisatie: naam, gekoppelde groepen en ledenlijst"
CMD_KOPPELCODE = "Code om een andere groep aan deze organisatie te koppelen"
CMD_KOPPEL = "Koppel deze groep met een code aan een organisatie"
CMD_ONTKOPPEL = "Maak deze groep los van de organisatie"

# A button alert shows at most ~190 characters: this one is also the guided /mandaat's answer.
NO_ROSTER_YET = (
    "Er staat nog niemand op de ledenlijst, dus niemand kan stemmen. Stuur eerst de ledenlijst "
    "(CSV) of laat leden /aanmelden. Er is niets gestart."
)
QUESTION_TOO_SHORT = (
    "Dat is wel erg kort voor een vraag aan de leden. Typ de hele vraag, bijvoorbeeld: "
    "Geef je het bestuur mandaat voor het RESV-plan?"
)
