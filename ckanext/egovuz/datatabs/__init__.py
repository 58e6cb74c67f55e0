"""The dataset page's tabs (S-DS): Structure, Table, Web service, and the stable data API
by dataset code. Streamed downloads live in ckanext.egovuz.exports."""
