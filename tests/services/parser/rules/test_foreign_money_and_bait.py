"""Kinds of mail of the ninth real corpus pass (rules 1.15.0, issue 13): strangers' money in
German, Czech and Spanish (an investment, a loan, a donation, financing, a debt to collect, a
late husband's millions), a German follow-up or a word in dotted letters, friendship bait,
paid-survey bait, Chinese invoice services, an outsourced team "tailored to your project's
needs", an escort link and a Spanish mailing's free trial are spam; an RPM spec file is a
packager's mail, not a release mailing. One case per kind, each written here (not copied from a
corpus) and each read otherwise by rules 1.14.0; the guards hold what must keep its category:
German, Czech and Spanish developers' mail and requirement mail."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # money in German: an investment with a banker, a loan, a late husband's millions
        ("Angebot", "Ich möchte in jedes lukrative Geschäft in Ihrem Land einsteigen.\n"),
        ("Hallo", "Brauchen Sie ein Darlehen? Schreiben Sie uns noch heute.\n"),
        ("Aufmerksamkeit", "Das Vermögen meines verstorbenen Mannes soll in gute Hände.\n"),
        # a German follow-up, a word in dotted letters
        ("Hallo", "Haben Sie unsere letzte E-Mail bekommen? Bitte antworten.\n"),
        ("Info", "Ihre G.e.w.i.n.n.e liegen bereit.\n"),
        # money in Czech, with and without accents: financing, a loan, a debt to collect
        ("Nabídka", "Nabízíme rychlé financování pro Vaši firmu.\n"),
        ("Vyzva", "Dosud jste neuhradili dluznou castku, jinak podame navrh na exekuci.\n"),
        # money in Spanish: a loan, a donation
        ("Hola", "Ofrecemos préstamos a particulares y empresas.\n"),
        ("Aviso", "Usted ha sido elegido para recibir una donación.\n"),
        # a Spanish sales mailing: a free trial, an unsubscribe line
        ("Clima laboral", "Haga clic aquí para comenzar su prueba gratuita.\n"),
        # friendship bait
        ("Hi", "I am a military nurse from USA. Can we be friends?\n"),
        # paid-survey bait, a Chinese invoice service, an escort link
        ("Offer", "Paid Surveys: make $4000 or even more each week.\n"),
        ("通知", "代开各类发票\n"),
        ("Visit", "See https://www.example-escorts.com today.\n"),
        # an outsourced development team pitched to a list
        ("Question", "We build a team tailored to your project's needs. Can we talk?\n"),
    ],
)  # fmt: skip
def test_strangers_money_and_bait_are_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, Category.SPAM)


_SPEC = (
    "Here is a package I am going to propose for Fedora.\n\n"
    "Name: foo-filesystem\nVersion: 1.0\nBuildArch: noarch\n\n%prep\n\n%build\n\n"
    "%changelog\n* Fri Jun 7 2019 Someone - 1.0-1\n- Initial commit\n"
)


@pytest.mark.parametrize(
    ("subject", "text", "bulk", "category"),
    [
        # a packager's proposal with an RPM spec file is list traffic, not a release mailing
        ("Proposed foo package for Fedora", _SPEC, True, Category.OTHER),
        # a German developer's question stays list traffic
        ("Frage zum Treiber",
         "Hallo zusammen,\nder Treiber meldet beim Laden einen Fehler. Hat jemand eine Idee?\n"
         "Viele Grüße\n", True, Category.OTHER),
        # a Czech developer's report stays list traffic
        ("Chyba v ovladači",
         "Dobrý den,\npo aktualizaci jádra ovladač nefunguje. Přikládám výpis chyby.\n"
         "S pozdravem\n", True, Category.OTHER),
        # a Spanish user's question stays list traffic
        ("Pregunta", "Hola a todos,\n¿alguien sabe cómo compilar el módulo?\nGracias\n", True,
         Category.OTHER),
        # a requirement for a German bank's lending platform stays a requirement
        ("Java Developer - Charlotte, NC",
         "Hi,\n\nRole: Java Developer\nLocation: Charlotte, NC\nDuration: 12 months\n"
         "Client: Deutsche Bank (Darlehen und Investitionen platform)\n"
         "Skills: Java, Spring, loan origination\nPlease share resumes.\n", False,
         Category.REQUIREMENT),
    ],
)  # fmt: skip
def test_mail_near_the_new_kinds_keeps_its_category(
    subject: str, text: str, bulk: bool, category: Category
) -> None:
    assert extract(email(subject, text, is_bulk=bulk)).category == category
