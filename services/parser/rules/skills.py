"""Skill mentions → lower-case canonical names through one alias table.

Unseen mail names skills this table has never heard of, and a skill we cannot name is a skill we
miss; so the table is broad (languages, frameworks, cloud, data, DevOps, networking, security,
testing, mobile, ERP/CRM platforms, mainframe, delivery methods), one canonical name per line
followed by its aliases. Canonical names are the lower-case form recruiters write.
"""

from __future__ import annotations

import re
from functools import lru_cache

from services.parser.rules.lead import guarded

__all__ = ["MAX_SKILLS", "find_skills", "skill_spans"]

MAX_SKILLS = 8

# "canonical: alias, alias; canonical…". Matched case-insensitively; the canonical name always
# matches. "#" lines name the domain.
_VOCABULARY = """
# languages, back end
java: core java, java 8, java 11, java 17, java 21, java8, java11, java17
java ee: j2ee, jee, jakarta ee; spring boot: springboot, spring-boot
spring: spring framework, spring mvc, spring core, spring cloud, spring batch, spring security
hibernate: jpa/hibernate, jpa; microservices: micro services, micro-services, microservice
rest api: restful, rest apis, restful api, restful apis, restful services, rest services
rest api: restful web services, rest web services
soap: soap web services, soap services; graphql; grpc
kafka: apache kafka, confluent kafka, confluent; kafka streams; rabbitmq: rabbit mq
ibm mq: mq series, websphere mq; jms; tibco; mulesoft: mule esb, mule 4; apigee; dell boomi: boomi
# front end
javascript: java script, ecmascript, es6; typescript; react: reactjs, react.js, react js
react native; redux; rxjs; next.js: nextjs; angular: angularjs, angular.js, angular js
vue: vue.js, vuejs; jquery; node.js: nodejs, node js; express.js: expressjs; html: html5
css: css3, scss, sass; bootstrap; tailwind: tailwind css; webpack; d3.js: d3js
# python, .net, other languages
python: python3, python 3; django; flask; fastapi: fast api; pandas; numpy
scikit-learn: sklearn, scikit learn; c#: c sharp; .net: dotnet, dot net, .net framework
.net core: dotnet core, asp.net core, .net 6, .net 8; asp.net: asp .net, asp.net mvc
entity framework: ef core; wcf; wpf; linq; blazor; xamarin; golang: go lang; rust lang: rustlang
scala; kotlin; ruby on rails: ror, rails; ruby; php: laravel; perl; c++: cpp
objective-c: objective c; matlab; vba; groovy; struts; jsp; servlets: servlet; ejb
# cloud
aws: amazon web services; aws lambda: lambda functions; aws glue; aws emr: amazon emr; kinesis
cloudformation: aws cloudformation; sagemaker: aws sagemaker, amazon sagemaker; cloudwatch
aws ecs: amazon ecs; azure: microsoft azure, ms azure; azure data factory: adf; azure databricks
databricks; azure synapse: synapse analytics, synapse; azure functions; azure devops: ado, vsts
azure ad: entra id, azure active directory; gcp: google cloud, google cloud platform
# data engineering, warehousing
bigquery: big query; spark: apache spark, spark sql
pyspark: py spark; hadoop: hdfs; hive; hbase; sqoop; flink: apache flink; nifi: apache nifi
airflow: apache airflow; dbt; snowflake; redshift; delta lake; fivetran; matillion; etl: elt
informatica: informatica powercenter, iics, informatica cloud; talend; datastage: ibm datastage
ssis; ssrs; ssas; data warehousing: data warehouse, edw
data modeling: data modelling, dimensional modeling; erwin: erwin data modeler; data governance
collibra; alteryx
# databases
sql: t-sql, tsql; pl/sql: plsql; sql server: ms sql, mssql, ms sql server
oracle: oracle db, oracle database; mysql; postgresql: postgres; mongodb: mongo db, mongo
cassandra; redis; dynamodb: dynamo db; elasticsearch: elastic search, elk, elk stack, opensearch
cosmos db: cosmosdb; teradata; netezza; db2: ibm db2, udb; sybase; neo4j; couchbase
# devops, infrastructure, identity
docker; kubernetes: k8s, k8, aks, eks, gke; openshift; helm; terraform; ansible; puppet; jenkins
ci/cd: cicd, ci cd, ci-cd; github actions; gitlab: gitlab ci; git: github, bitbucket; maven; gradle
sonarqube: sonar; argo cd: argocd; linux: unix, rhel, red hat linux, red hat enterprise linux
windows server; shell scripting: bash, shell script, bash scripting, shell, ksh; powershell
prometheus; grafana; splunk; datadog; new relic; dynatrace; appdynamics; vmware: vsphere, esxi
citrix; active directory; okta; sailpoint; cyberark; ping identity: pingfederate
iam: identity and access management; sso: single sign-on, single sign on; saml
oauth: oauth2, oauth 2.0; ldap
# networking, security
cisco: cisco routers, cisco switches; juniper; palo alto: palo alto networks, panorama
fortinet: fortigate; f5: f5 big-ip, big-ip; checkpoint: check point; bgp; ospf; eigrp; mpls
sd-wan: sdwan; tcp/ip; wireshark; siem; soar; crowdstrike: crowdstrike falcon; qradar
microsoft sentinel: azure sentinel; nessus; qualys; tenable; incident response
vulnerability management; penetration testing: pen testing, pentesting; threat hunting; nist
iso 27001; hipaa; pci dss: pci-dss
# testing
selenium: selenium webdriver; cucumber; testng; junit; pytest; cypress; playwright; appium; jmeter
loadrunner; postman; soapui; tosca: tricentis tosca; uft: qtp; katalon; bdd
# mobile
ios; android; swift; swiftui; xcode; jetpack compose; flutter; dart lang
# ai, analytics
machine learning: ml; deep learning; tensorflow; pytorch; keras; nlp: natural language processing
computer vision: opencv; generative ai: genai, gen ai, llm, llms, large language models; langchain
mlops; mlflow; tableau; power bi: powerbi; dax; qlik: qlikview, qlik sense; looker; microstrategy
cognos: ibm cognos; business objects: sap business objects, sap bo; excel: ms excel, advanced excel
sas
# crm, erp, platforms
salesforce: sfdc; apex: apex triggers; lightning web components: lwc, lightning web component
visualforce; soql; salesforce cpq: cpq; sales cloud; service cloud
experience cloud: community cloud; salesforce marketing cloud: marketing cloud, sfmc, exacttarget
ampscript; journey builder; salesforce flows: salesforce flow, flow builder
servicenow: service now; itsm; itom; workday; workday studio; eib; workday hcm; sap
sap fico: sap fi/co, sap fi, sap co; sap mm; sap sd; sap basis; abap: sap abap; sap hana: hana
s/4hana: s4hana, s/4 hana, s4 hana; sap bw: bw/4hana; sap ariba: ariba
successfactors: sap successfactors
oracle ebs: oracle e-business suite, oracle apps, oracle applications
oracle fusion: oracle cloud erp; peoplesoft; jd edwards: jde; netsuite
dynamics 365: d365, ms dynamics, microsoft dynamics
guidewire: policycenter, claimcenter, billingcenter; gosu; duck creek; pega: pega prpc; appian
uipath; blue prism; automation anywhere; sharepoint; power apps: powerapps
power automate: microsoft flow; epic beaker; epic: epic ehr, epic emr, epic systems
reporting workbench; cerner; hl7; fhir; facets; edi: x12
# delivery, business analysis
jira; confluence; agile: scrum; kanban; ms project: microsoft project; pmp; itil
six sigma: lean six sigma; requirements gathering: requirement gathering, requirements elicitation
user stories: user story; uat: user acceptance testing; uml; bpmn; visio: ms visio
# mainframe, formats
mainframe: z/os, zos; cobol; jcl; cics; vsam; ims db; rexx; xml; xslt; json
"""

# Upper-case acronyms and words that are ordinary English in lower case: matched only as written.
_CASE_SENSITIVE: dict[str, str] = {
    "REST": "rest api", "ADF": "azure data factory", "ADO": "azure devops",
    "ML": "machine learning", "SAP": "sap", "UAT": "uat", "LWC": "lightning web components",
    "CPQ": "salesforce cpq", "SOAP": "soap", "SAFe": "safe", "SAS": "sas", "Chef": "chef",
    "Spring": "spring", "Hive": "hive", "Excel": "excel", "Lambda": "aws lambda",
    "Node": "node.js", "Shell": "shell scripting", "Mule": "mulesoft", "Jest": "jest",
    "Oracle": "oracle", "S3": "aws", "EC2": "aws", "Git": "git", "Scrum": "agile",
    "React": "react", "REACT": "react", "Swift": "swift", "Rust": "rust", "Dart": "dart",
    "Go": "golang", "Golang": "golang", "Kafka": "kafka", "Glue": "aws glue", "Athena": "athena",
    "Looker": "looker", "Impala": "impala", "Mocha": "mocha", "Jasmine": "jasmine",
    "Puppet": "puppet", "Helm": "helm", "Flask": "flask", "Ruby": "ruby", "Epic": "epic",
    "Rails": "ruby on rails", "RoR": "ruby on rails", "HANA": "sap hana", "EDI": "edi",
    "IAM": "iam", "SSO": "sso", "BDD": "bdd", "Facets": "facets", "Checkpoint": "checkpoint",
    "Check Point": "checkpoint", "Confluent": "kafka", "REST Assured": "rest assured",
    "Rest Assured": "rest assured", "RestAssured": "rest assured",
}  # fmt: skip
# Generic words in the vocabulary that need the case-sensitive variant instead.
_INSENSITIVE_EXCLUDED = {
    "spring", "hive", "excel", "node", "shell", "mule", "ml", "ado", "sap", "react", "soap",
    "sas", "puppet", "helm", "flask", "ruby", "epic", "rails", "hana", "edi", "iam", "sso",
    "confluent", "panorama", "bdd", "ror", "facets", "checkpoint", "check point",
}  # fmt: skip
# Words that are a skill only in some company: "Palo Alto, CA" is a city, "Go live" and "Epic
# stories" are not the language or the EHR. Keyed by the matched text, lower case.
_NOT_AFTER = {"palo alto": re.compile(r",?\s*(?:CA\b|California)")}
_ONLY_AFTER = {
    "go": re.compile(
        r"\s*(?:[,/;)|]|$|\(|(?:and|or|developer|engineer|programm\w*|language|lang)\b)",
        re.IGNORECASE | re.MULTILINE,
    ),
    "epic": re.compile(
        r"\s+(?:EHR|EMR|Systems|Beaker|Hyperspace|Clarity|Cogito|Caboodle|Ambulatory|Inpatient|"
        r"Certified|certification|analyst|consultant)\b"
    ),
}


_SAP_MODULES = ("sap fico", "sap mm", "sap sd", "sap basis", "abap", "sap hana", "s/4hana",
                "sap bw", "sap ariba", "successfactors")  # fmt: skip
_PARENT = dict.fromkeys(_SAP_MODULES, "sap")


def _parse(vocabulary: str) -> dict[str, str]:
    table: dict[str, str] = {}
    lines = [line for line in vocabulary.splitlines() if not line.startswith("#")]
    entries = [entry for line in lines for entry in line.split(";")]
    for entry in (e for e in entries if e.strip()):
        canonical, _, aliases = entry.partition(":")
        canonical = canonical.strip()
        # "rust lang" / "dart lang": the bare words are case-sensitive, the canonical is short
        name = canonical.removesuffix(" lang")
        for alias in (canonical, *(a.strip() for a in aliases.split(","))):
            if alias and alias not in _INSENSITIVE_EXCLUDED:
                table[alias] = name
    return table


def _alternation(words: list[str]) -> str:
    """The words as one prefix tree ("java(?: ee|script)?"): the same matches as the words
    tried longest first, without ``re`` trying each of hundreds of words at every position.
    The words a text matches at one position are prefixes of one another, so they lie on one
    path of the tree, which is tried deepest (longest) first."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _tree_pattern(tree)


_Tree = dict[str, "_Tree"]


def _tree_pattern(node: _Tree) -> str:
    branches = [re.escape(char) + _tree_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_INSENSITIVE_MAP = _parse(_VOCABULARY)
# A skill token is not glued to letters/digits, nor to "+", "#" or a dotted suffix (".js").
_EDGE_LEFT = r"(?<![\w+#.])"
_EDGE_RIGHT = r"(?![\w+#]|\.\w)"
_INSENSITIVE = re.compile(
    _EDGE_LEFT + "(" + _alternation(list(_INSENSITIVE_MAP)) + ")" + _EDGE_RIGHT, re.IGNORECASE
)
_SENSITIVE = re.compile(_EDGE_LEFT + "(" + _alternation(list(_CASE_SENSITIVE)) + ")" + _EDGE_RIGHT)
_SPACES = re.compile(r"\s+")


# the evidence search asks for the same few texts once per extracted value: scan each once
@lru_cache(maxsize=256)
def skill_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Skill mentions as (start, end, canonical name), in text order."""
    hits: list[tuple[int, int, str]] = []
    covered: set[int] = set()
    for match in _INSENSITIVE.finditer(text):
        alias = _SPACES.sub(" ", match.group(1).lower())
        hits.append((match.start(), match.end(), _INSENSITIVE_MAP.get(alias, alias)))
        covered.update(range(match.start(), match.end()))
    # "Spring" inside "Spring Boot": the longer, insensitive match wins.
    hits.extend(
        (m.start(), m.end(), _CASE_SENSITIVE[m.group(1)])
        for m in _SENSITIVE.finditer(text)
        if m.start() not in covered
    )
    return tuple(sorted(h for h in hits if not _excluded(text, h)))


def _excluded(text: str, hit: tuple[int, int, str]) -> bool:
    word = text[hit[0] : hit[1]].lower()
    after, only = _NOT_AFTER.get(word), _ONLY_AFTER.get(word)
    if after is not None and after.match(text, hit[1]):
        return True
    return only is not None and only.match(text, hit[1]) is None


def find_skills(*texts: str, limit: int = MAX_SKILLS) -> list[str]:
    """Canonical skills in order of first mention; earlier texts (e.g. a skills line) rank first.
    An SAP module implies SAP itself ("SAP FICO" → sap, sap fico): recruiters search both."""
    found: list[str] = []
    for text in texts:
        for _, _, canonical in skill_spans(text):
            for name in (_PARENT.get(canonical), canonical):
                if name is not None and name not in found:
                    found.append(name)
            if len(found) >= limit:
                return found[:limit]
    return found


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_SENSITIVE = guarded(_SENSITIVE)
