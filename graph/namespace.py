"""The project's vocabulary as closed rdflib namespaces.

`NKG` mirrors `ontology.ttl` term for term (a test keeps the two in step), and `_fail`
makes a misspelt term an error instead of a silently new IRI.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
DEFAULT_BASE = "https://w3id.org/newskg/id/"


class NKG(DefinedNamespace):
    """newskg ontology: https://w3id.org/newskg/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    # classes
    Person: URIRef
    Organization: URIRef
    University: URIRef
    OrganizationUnit: URIRef
    GovernmentBody: URIRef
    MediaOrganization: URIRef
    Company: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Region: URIRef
    Event: URIRef
    Visit: URIRef
    Signing: URIRef
    Deployment: URIRef
    Meeting: URIRef
    Observation: URIRef
    Document: URIRef
    Assertion: URIRef

    # relations between entities
    leaderOf: URIRef
    affiliatedWith: URIRef
    partOf: URIRef
    locatedIn: URIRef
    visited: URIRef
    agreementWith: URIRef
    cites: URIRef
    deployedTo: URIRef
    mentions: URIRef

    # provenance
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    extractor: URIRef

    # observations
    value: URIRef
    measure: URIRef
    about: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    reportedBy: URIRef
    unit: URIRef
    upperValue: URIRef
    approximation: URIRef
    change: URIRef

    # events
    participant: URIRef
    place: URIRef
    date: URIRef
    eventType: URIRef

    # documents
    sha256: URIRef

    # identifiers outside the graph
    isoCode: URIRef
    lat: URIRef
    long: URIRef



def ontology_path() -> Path:
    """The installed copy of `ontology.ttl`."""
    return Path(str(resources.files(__package__).joinpath("ontology.ttl")))
