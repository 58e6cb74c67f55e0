from setuptools import find_namespace_packages, setup

setup(
    name="ckanext-egovuz",
    version="0.1.0",
    description="The Open Data Portal of the Republic of Uzbekistan (data.egov.uz) on CKAN 2.11",
    license="AGPL-3.0",
    packages=find_namespace_packages(include=["ckanext.*"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.10",
    entry_points="""
        [ckan.plugins]
        egovuz_content = ckanext.egovuz.content.plugin:EgovuzContentPlugin
        egovuz = ckanext.egovuz.plugin:EgovuzPlugin
        egovuz_search = ckanext.egovuz.search.plugin:EgovuzSearchPlugin
        egovuz_stats = ckanext.egovuz.statistics.plugin:EgovuzStatsPlugin
        egovuz_monitoring = ckanext.egovuz.monitoring.plugin:EgovuzMonitoringPlugin
        egovuz_ai = ckanext.egovuz.ai.plugin:EgovuzAIPlugin
        egovuz_versions = ckanext.egovuz.versions.plugin:EgovuzVersionsPlugin
        egovuz_ingest = ckanext.egovuz.ingest.plugin:EgovuzIngestPlugin
        egovuz_data = ckanext.egovuz.datatabs.plugin:EgovuzDataPlugin
        egovuz_participation = ckanext.egovuz.participation.plugin:EgovuzParticipationPlugin
        egovuz_ops = ckanext.egovuz.ops.plugin:EgovuzOpsPlugin

        [ckan.rdf.profiles]
        egovuz_dcat = ckanext.egovuz.passport.dcat:EgovuzDCATProfile
        egovuz_schemaorg = ckanext.egovuz.passport.jsonld:EgovuzSchemaOrgProfile
        egovuz_croissant = ckanext.egovuz.passport.jsonld:EgovuzCroissantProfile

        [babel.extractors]
        ckan = ckan.lib.extract:extract_ckan
    """,
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
